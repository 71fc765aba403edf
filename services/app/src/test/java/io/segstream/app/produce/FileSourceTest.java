package io.segstream.app.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.segstream.ingest.ReadSummary;
import io.segstream.core.invoice.Invoice;
import org.junit.jupiter.api.Test;

/** The invoices {@code produce} reads from files with a {@code --mapping} layout, as its dry run and sinks get them. */
class FileSourceTest {

    @Test
    void givenWhitespaceExportWithCrlfAndHeader_whenRead_thenEveryInvoiceHasItsTotalCustomerAndTime() {
        List<Invoice> invoices = new ArrayList<>();

        ReadSummary summary = read(ProduceFixtures.whitespaceExport(), ProduceFixtures.WHITESPACE_LAYOUT, invoices);

        assertEquals(5, summary.rows());
        assertEquals(0, summary.badRows(), () -> summary.badRowSamples().toString());
        assertExportInvoices(invoices, "ws:shop-whitespace.crlf.txt");
    }

    @Test
    void givenTheSameExportWithoutHeader_whenReadWithColumns_thenTheInvoicesAreTheSame() {
        Map<String, String> layout = new LinkedHashMap<>(ProduceFixtures.WHITESPACE_LAYOUT);
        layout.put("columns", ProduceFixtures.WHITESPACE_COLUMNS);
        List<Invoice> invoices = new ArrayList<>();

        ReadSummary summary = read(ProduceFixtures.headerlessWhitespaceExport(), layout, invoices);

        assertEquals(5, summary.rows());
        assertEquals(0, summary.badRows(), () -> summary.badRowSamples().toString());
        assertExportInvoices(invoices, "ws:shop-whitespace-headerless.crlf.txt");
    }

    private static ReadSummary read(Path file, Map<String, String> layout, List<Invoice> invoices) {
        try (FileSource source = FileSource.open(List.of(file), MappingSpec.parse(layout))) {
            source.forEachRemaining(invoices::add);
            return source.readSummaries().getFirst();
        }
    }

    private static void assertExportInvoices(List<Invoice> invoices, String source) {
        assertEquals(List.of("B-2001", "B-2002", "B-2003", "B-2004"),
                invoices.stream().map(Invoice::invoiceNo).toList());
        assertEquals(List.of("C-100", "C-101", "C-100", "C-102"), invoices.stream().map(Invoice::customerId).toList());
        assertEquals(List.of(210_000L, 425_000L, 29_700L, 250_000L),
                invoices.stream().map(Invoice::amountE4).toList(), "21.00, 42.50, 2.97 and 25.00");
        assertEquals(List.of(millis("2024-03-01T09:15:00Z"), millis("2024-03-02T14:30:00Z"),
                millis("2024-03-05T18:00:00Z"), millis("2024-03-06T08:05:00Z")),
                invoices.stream().map(Invoice::invoiceTimeMillis).toList());
        assertEquals(List.of(2, 1, 1, 1), invoices.stream().map(i -> i.lines().size()).toList());
        assertEquals("blue mug", invoices.getFirst().lines().getFirst().description());
        assertEquals("tea spoon", invoices.get(2).lines().getFirst().description());
        assertEquals(source, invoices.getFirst().source());
    }

    private static long millis(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
