package io.segstream.app.produce;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test files and the data set. */
final class ProduceFixtures {

    /** {@code --mapping} options describing {@link #shopAmounts()}. */
    static final String[] SHOP_MAPPING = {"--mapping", "customer=Kunde", "--mapping", "time=Datum",
        "--mapping", "time-pattern=dd.MM.yyyy HH:mm", "--mapping", "amount=Betrag", "--mapping", "country=Land",
        "--mapping", "delimiter=;", "--mapping", "decimal=,", "--mapping", "name=shop"};

    private ProduceFixtures() {
    }

    /**
     * A semicolon file with one amount per purchase, decimal commas and German dates: five purchases (one without
     * customer) and, on line 6, an amount that is not a number.
     */
    static Path shopAmounts() {
        try {
            return Path.of(ProduceFixtures.class.getResource("/produce/shop-amounts.csv").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The UCI Online Retail file: system property {@code segstream.data.dir} or a {@code data/} dir above. */
    static Path onlineRetail() {
        String configured = System.getProperty("segstream.data.dir");
        Path data = null;
        if (configured != null && !configured.isBlank()) {
            data = Path.of(configured);
        } else {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null && data == null; dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve("data/online-retail"))) {
                    data = dir.resolve("data");
                }
            }
        }
        if (data == null) {
            throw new IllegalStateException("no data/ directory above " + Path.of("").toAbsolutePath());
        }
        return data.resolve("online-retail/online_retail.csv.gz");
    }
}
