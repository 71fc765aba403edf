package io.segstream.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;


/**
 * An independent, deliberately plain computation of every customer's RFM totals straight from the Online Retail CSV,
 * sharing no code with the core, to check the stream against. Rules: rows without a customer dropped; identical
 * lines (stock code, description, quantity, price) inside one invoice counted once; returns subtract; fee codes count
 * in monetary but not as products.
 */
public final class PlainRetailFeatures {

    public static final Set<String> FEES = Set.of("POST", "DOT", "M", "C2", "D", "S", "BANK CHARGES", "AMAZONFEE", "CRUK",
            "PADS", "B", "m");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** One customer's expected totals. */
    public static final class Totals {
        public long first = Long.MAX_VALUE;
        public long last = Long.MIN_VALUE;
        public BigDecimal monetary = BigDecimal.ZERO;
        public final Set<String> invoices = new HashSet<>();
        public final Set<String> products = new HashSet<>();
        public final Map<Integer, Integer> invoicesByMonth = new HashMap<>();
        public final Map<Integer, BigDecimal> moneyByMonth = new HashMap<>();
    }

    public long rows;
    public long rowsWithoutCustomer;
    public final Set<String> invoicesSeen = new HashSet<>();
    public final Map<String, Totals> customers = new TreeMap<>();

    public static PlainRetailFeatures compute(Path gz) throws IOException {
        PlainRetailFeatures result = new PlainRetailFeatures();
        Map<String, Set<List<String>>> linesByInvoice = new HashMap<>();
        Map<String, Long> invoiceTime = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                List<String> f = List.of(TestData.split(line));
                result.rows++;
                String invoice = f.get(0);
                result.invoicesSeen.add(invoice);
                String customerRaw = f.get(6);
                if (customerRaw.isEmpty()) {
                    result.rowsWithoutCustomer++;
                    continue;
                }
                String customer = customerRaw.endsWith(".0")
                        ? customerRaw.substring(0, customerRaw.length() - 2) : customerRaw;
                long time = LocalDateTime.parse(f.get(4), TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
                // The stream dates an invoice by its first row; a few invoices span two minutes.
                invoiceTime.putIfAbsent(invoice, time);
                List<String> identity = List.of(f.get(1), f.get(2), f.get(3), new BigDecimal(f.get(5)).stripTrailingZeros().toPlainString());
                if (!linesByInvoice.computeIfAbsent(invoice, k -> new HashSet<>()).add(identity)) {
                    continue;
                }
                Totals t = result.customers.computeIfAbsent(customer, k -> new Totals());
                BigDecimal amount = new BigDecimal(f.get(3)).multiply(new BigDecimal(f.get(5)));
                t.monetary = t.monetary.add(amount);
                t.invoices.add(invoice);
                if (!FEES.contains(f.get(1))) {
                    t.products.add(f.get(1));
                }
                long invoiceMillis = invoiceTime.get(invoice);
                t.first = Math.min(t.first, invoiceMillis);
                t.last = Math.max(t.last, invoiceMillis);
                int month = monthIndex(invoiceMillis);
                t.moneyByMonth.merge(month, amount, BigDecimal::add);
            }
        }
        // Months count invoices, once each.
        for (Totals t : result.customers.values()) {
            for (String invoice : t.invoices) {
                t.invoicesByMonth.merge(monthIndex(invoiceTime.get(invoice)), 1, Integer::sum);
            }
        }
        return result;
    }

    public static int monthIndex(long millis) {
        var date = java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
        return date.getYear() * 12 + date.getMonthValue() - 1;
    }
}
