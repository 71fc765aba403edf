package io.segstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segstream.testing.TestData;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.features.BatchFeatures;
import io.segstream.core.features.Features;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Features of every UCI customer, read by {@link TransactionReader} and computed by core's {@code BatchFeatures},
 * against a plain re-implementation of {@code baseline_sklearn.py} written over the raw rows, without the production
 * types: the whole batch path from the file, so it lives with the reader.
 */
class PandasEquivalenceTest {

    /** Per-customer aggregates of the plain computation. */
    private static final class Plain {
        LocalDateTime min;
        LocalDateTime max;
        final Set<String> invoices = new HashSet<>();
        BigDecimal monetary = BigDecimal.ZERO;
        final Set<String> products = new HashSet<>();
    }

    /** pandas: dropna(CustomerID), drop_duplicates() over the chosen columns, then the groupby aggregates. */
    private static Map<String, Plain> plain(boolean duplicatesIncludeTime) {
        Set<String> seen = new HashSet<>();
        Map<String, Plain> out = new HashMap<>();
        for (String[] r : TestData.rawRows()) {
            if (r[6].isEmpty()) {
                continue;
            }
            String key = duplicatesIncludeTime ? String.join("\u0001", r)
                    : String.join("\u0001", r[0], r[1], r[2], r[3], r[5], r[6], r[7]);
            if (!seen.add(key)) {
                continue;
            }
            String customer = r[6].endsWith(".0") ? r[6].substring(0, r[6].length() - 2) : r[6];
            Plain p = out.computeIfAbsent(customer, c -> new Plain());
            LocalDateTime t = LocalDateTime.parse(r[4].replace(' ', 'T'));
            p.min = p.min == null || t.isBefore(p.min) ? t : p.min;
            p.max = p.max == null || t.isAfter(p.max) ? t : p.max;
            p.invoices.add(r[0]);
            p.monetary = p.monetary.add(new BigDecimal(r[3]).multiply(new BigDecimal(r[5])));
            p.products.add(r[1]);
        }
        return out;
    }

    @Test
    void givenPandasEquivalentPolicy_whenBatchFeaturesComputed_thenEveryCustomerMatchesPlainComputation() {
        Map<String, Plain> plain = plain(false);
        LocalDateTime max = plain.values().stream().map(p -> p.max).max(LocalDateTime::compareTo).orElseThrow();
        LocalDateTime snap = max.plusDays(1);
        long asOf = max.toInstant(ZoneOffset.UTC).toEpochMilli();

        Map<String, Features> features;
        try (TransactionReader reader = TransactionReader.open(TestData.onlineRetail())) {
            features = BatchFeatures.compute(reader, CleaningPolicy.pandasEquivalent(), asOf);
        }

        assertEquals(4_372, plain.size());
        assertEquals(plain.keySet(), features.keySet());
        List<String> mismatches = new ArrayList<>();
        plain.forEach((customer, p) -> {
            Features f = features.get(customer);
            long recency = Duration.between(p.max, snap).toDays();
            long length = Duration.between(p.min, p.max).toDays();
            double monetary = p.monetary.doubleValue();
            if (f.recencyDays() != recency || f.frequency() != p.invoices.size() || f.lengthDays() != length
                    || Math.abs(f.monetary() - monetary) > 1e-9 || f.uniqueProducts() != p.products.size()
                    || Math.abs(f.avgSpend() - monetary / p.invoices.size()) > 1e-9) {
                mismatches.add(customer + ": " + f);
            }
        });
        assertEquals(List.of(), mismatches);
        long positive = features.values().stream().filter(f -> f.monetary() > 0).count();
        System.out.printf("customers=%d with monetary>0=%d asOf=%s%n", features.size(), positive, max);
        long zero = features.values().stream().filter(f -> f.monetaryE4() == 0).count();
        System.out.printf("customers with monetary exactly 0=%d%n", zero);
        // Exact arithmetic; pandas float sums can leave a fully refunded customer at +-1e-13 instead of 0.
        assertEquals(4_317, positive, "customers kept by the reference's monetary > 0 filter");
    }

    @Test
    void givenFullRowDuplicates_whenComparedWithLineDuplicates_thenOnlyInvoice567183Differs() {
        Map<String, Plain> byLine = plain(false);
        Map<String, Plain> byRow = plain(true);
        List<String> differing = new ArrayList<>();
        byRow.forEach((customer, p) -> {
            BigDecimal delta = p.monetary.subtract(byLine.get(customer).monetary);
            if (delta.signum() != 0) {
                differing.add(customer + " " + delta.stripTrailingZeros().toPlainString());
            }
        });
        assertEquals(List.of("14769 3.9"), differing);
    }
}
