package io.segstream.app.produce;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.segstream.testing.TestData;

/** Test files and the data set. */
final class ProduceFixtures {

    /** {@code --mapping} options describing {@link #shopAmounts()}. */
    static final String[] SHOP_MAPPING = {"--mapping", "customer=Kunde", "--mapping", "time=Datum",
        "--mapping", "time-pattern=dd.MM.yyyy HH:mm", "--mapping", "amount=Betrag", "--mapping", "country=Land",
        "--mapping", "delimiter=;", "--mapping", "decimal=,", "--mapping", "name=shop"};

    /** {@code --mapping} options describing {@link #whitespaceExport()}. */
    static final Map<String, String> WHITESPACE_LAYOUT = layout("customer=Customer", "invoice=Invoice", "time=Time",
            "time-pattern=yyyy-MM-dd HH:mm", "product=StockCode", "description=Description", "quantity=Qty",
            "price=Price", "delimiter=whitespace", "name=ws");

    /** The columns of {@link #whitespaceExport()}, named for {@link #headerlessWhitespaceExport()}. */
    static final String WHITESPACE_COLUMNS = "Invoice,Customer,Time,StockCode,Description,Qty,Price";

    private ProduceFixtures() {
    }

    /**
     * A whitespace-separated export with CRLF line ends and a header: columns padded with runs of spaces (tabs on
     * line 6), leading and trailing blanks, quoted times and descriptions, a blank line 4; five product lines of four
     * invoices, none bad.
     */
    static Path whitespaceExport() {
        return resource("shop-whitespace.crlf.txt");
    }

    /** {@link #whitespaceExport()} without its header line. */
    static Path headerlessWhitespaceExport() {
        return resource("shop-whitespace-headerless.crlf.txt");
    }

    /** {@code --mapping} arguments for a layout. */
    static String[] mappingArgs(Map<String, String> layout) {
        return layout.entrySet().stream().flatMap(e -> Stream.of("--mapping", e.getKey() + "=" + e.getValue()))
                .toArray(String[]::new);
    }

    private static Map<String, String> layout(String... options) {
        Map<String, String> layout = new LinkedHashMap<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            layout.put(option.substring(0, eq), option.substring(eq + 1));
        }
        return Collections.unmodifiableMap(layout);
    }

    /**
     * A semicolon file with one amount per purchase, decimal commas and German dates: five purchases (one without
     * customer) and, on line 6, an amount that is not a number.
     */
    static Path shopAmounts() {
        return resource("shop-amounts.csv");
    }

    private static Path resource(String name) {
        try {
            return Path.of(ProduceFixtures.class.getResource("/produce/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The UCI Online Retail file (the shared {@link TestData} lookup). */
    static Path onlineRetail() {
        return TestData.onlineRetail();
    }
}
