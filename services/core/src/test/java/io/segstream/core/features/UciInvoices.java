package io.segstream.core.features;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.segstream.core.cleaning.Cleaning;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.testing.TestData;

/**
 * The UCI Online Retail invoices built from the raw rows of {@link TestData}: core's tests replay the real file
 * without the production reader, which lives in {@code ingest} above core. Rows are grouped by invoice number in
 * the order invoices first appear, at the earliest row time (UTC), with the customer id's spreadsheet {@code .0}
 * dropped, as the reader does; ingest's own tests check the reader against the same rows.
 */
final class UciInvoices {

    private static List<Invoice> all;

    private UciInvoices() {
    }

    /** Every invoice of the file, uncleaned, in the order invoices first appear. */
    static synchronized List<Invoice> all() {
        if (all == null) {
            Map<String, List<String[]>> rowsByInvoice = new LinkedHashMap<>();
            for (String[] row : TestData.rawRows()) {
                rowsByInvoice.computeIfAbsent(row[0], no -> new ArrayList<>()).add(row);
            }
            List<Invoice> invoices = new ArrayList<>(rowsByInvoice.size());
            rowsByInvoice.forEach((no, rows) -> invoices.add(invoice(no, rows)));
            all = List.copyOf(invoices);
        }
        return all;
    }

    /** The invoices cleaning applies with the default policy, grouped by customer, in file order. */
    static Map<String, List<Invoice>> cleanedByCustomer() {
        Map<String, List<Invoice>> out = new TreeMap<>();
        for (Invoice invoice : all()) {
            Cleaning.clean(invoice, CleaningPolicy.defaults()).toApply()
                    .ifPresent(i -> out.computeIfAbsent(i.customerId(), c -> new ArrayList<>()).add(i));
        }
        return out;
    }

    private static Invoice invoice(String no, List<String[]> rows) {
        long time = Long.MAX_VALUE;
        List<InvoiceLine> lines = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            time = Math.min(time, LocalDateTime.parse(r[4].replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli());
            long priceE4 = new BigDecimal(r[5]).movePointRight(4).longValueExact();
            lines.add(new InvoiceLine(r[1], r[2].isBlank() ? null : r[2].strip(), Integer.parseInt(r[3]), priceE4));
        }
        String[] first = rows.getFirst();
        String customer = first[6].isEmpty() ? null : first[6].replaceFirst("\\.0$", "");
        return new Invoice(no, customer, first[7], time, lines, "uci-raw-rows");
    }
}
