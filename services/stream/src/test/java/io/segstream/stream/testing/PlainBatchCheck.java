package io.segstream.stream.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.segstream.avro.CustomerFeatures;
import io.segstream.testing.PlainRetailFeatures;

/**
 * Compares the stream's final features with {@link PlainRetailFeatures}, a batch computation over the CSV that shares
 * no code with the core: every field, for every customer.
 */
public final class PlainBatchCheck {

    private static final long DAY = 86_400_000L;

    private PlainBatchCheck() {
    }

    /** Every customer of {@code expected} has features in {@code latest} equal to the plain computation. */
    public static void assertMatches(PlainRetailFeatures expected, Map<String, CustomerFeatures> latest) {
        List<String> mismatches = new ArrayList<>();
        expected.customers.forEach((customer, t) -> {
            CustomerFeatures f = latest.get(customer);
            if (f == null) {
                mismatches.add(customer + ": no features");
            } else {
                compare(customer, t, f, mismatches);
            }
        });
        assertEquals(List.of(), mismatches.subList(0, Math.min(10, mismatches.size())),
                mismatches.size() + " mismatching customers");
    }

    private static void compare(String customer, PlainRetailFeatures.Totals t, CustomerFeatures f,
                                List<String> mismatches) {
        long asOf = f.getAsOf().toEpochMilli();
        int asOfMonth = PlainRetailFeatures.monthIndex(asOf);
        int freq6m = 0;
        BigDecimal money6m = BigDecimal.ZERO;
        for (var e : t.invoicesByMonth.entrySet()) {
            if (e.getKey() > asOfMonth - 6 && e.getKey() <= asOfMonth) {
                freq6m += e.getValue();
            }
        }
        for (var e : t.moneyByMonth.entrySet()) {
            if (e.getKey() > asOfMonth - 6 && e.getKey() <= asOfMonth) {
                money6m = money6m.add(e.getValue());
            }
        }
        double monetary = t.monetary.doubleValue();
        boolean same = f.getFirstPurchase().toEpochMilli() == t.first
                && f.getLastPurchase().toEpochMilli() == t.last
                && f.getFrequency() == t.invoices.size()
                && Math.abs(f.getMonetary() - monetary) <= 1e-9
                && Math.abs(f.getAvgSpend() - monetary / t.invoices.size()) <= 1e-9
                && f.getUniqueProducts() == t.products.size()
                && f.getLengthDays() == Math.floorDiv(t.last - t.first, DAY)
                && f.getRecencyDays() == Math.floorDiv(asOf + DAY - t.last, DAY)
                && f.getFrequency6m() == freq6m
                && Math.abs(f.getMonetary6m() - money6m.doubleValue()) <= 1e-9;
        if (!same) {
            mismatches.add(customer + ": stream " + f + " vs plain first=" + t.first + " last=" + t.last + " freq="
                    + t.invoices.size() + " monetary=" + monetary + " products=" + t.products.size() + " freq6m="
                    + freq6m + " money6m=" + money6m);
        }
    }
}
