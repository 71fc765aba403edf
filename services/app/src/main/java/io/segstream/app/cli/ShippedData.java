package io.segstream.app.cli;

import java.nio.file.Path;

/** The data sets shipped in the repository's {@code data/}, found through {@code segstream.data.dir}. */
public final class ShippedData {

    private ShippedData() {
    }

    /** The UCI Online Retail transactions, the default input of {@code demo} and the benchmarks. */
    public static Path onlineRetail() {
        return Path.of(System.getProperty("segstream.data.dir", "data"), "online-retail", "online_retail.csv.gz");
    }
}
