package io.segstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.segstream.core.cleaning.Cleaning;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.CleaningStats;
import io.segstream.core.cleaning.ReturnPolicy;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.ProductCodes;
import io.segstream.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The UCI file read by {@link TransactionReader} and cleaned by core's {@code Cleaning}, against the same rules
 * written directly over the raw rows: the reader's invoices are what cleaning's counters assume. Cleaning's own
 * rules are tested in core ({@code CleaningTest}).
 */
class ReadAndCleanTest {

    private static final CleaningPolicy DEFAULTS = CleaningPolicy.defaults();

    @Test
    void givenUciFile_whenCleanedWithDefaultsOrTightBounds_thenCountersMatchPlainComputationOverRawRows() {
        for (CleaningPolicy policy : List.of(DEFAULTS, new CleaningPolicy(ReturnPolicy.IGNORE, true, false, true,
                5_000, 5_000 * 10_000L))) {
            CleaningStats stats = CleaningStats.EMPTY;
            try (TransactionReader reader = TransactionReader.open(TestData.onlineRetail())) {
                for (Invoice invoice : reader) {
                    stats = stats.plus(Cleaning.clean(invoice, policy));
                }
            }
            CleaningStats expected = plain(policy);
            assertEquals(expected, stats, "policy " + policy);
            assertEquals(stats.invoices(), stats.accepted() + stats.returns() + stats.notSegmentable() + stats.invalid());
            assertEquals(25_900, stats.invoices());
            assertEquals(541_909, stats.lines());
            System.out.println(policy + " -> " + stats);
        }
    }

    /** The same rules written directly over the raw CSV rows, without the invoice types. */
    private static CleaningStats plain(CleaningPolicy policy) {
        Map<String, List<String[]>> byInvoice = new LinkedHashMap<>();
        for (String[] row : TestData.rawRows()) {
            byInvoice.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row);
        }
        long accepted = 0, returns = 0, notSegmentable = 0, invalid = 0, applied = 0, lines = 0, dups = 0, fees = 0;
        BigDecimal maxPrice = BigDecimal.valueOf(policy.maxAbsUnitPriceE4()).movePointLeft(4);
        for (Map.Entry<String, List<String[]>> e : byInvoice.entrySet()) {
            Set<String> seen = new HashSet<>();
            boolean negative = false, absurd = false;
            for (String[] r : e.getValue()) {
                lines++;
                if (!seen.add(String.join("\u0001", r[1], r[2], r[3], r[5]))) {
                    dups++;
                    continue;
                }
                if (ProductCodes.FEE_CODES.contains(r[1])) {
                    fees++;
                }
                long q = Long.parseLong(r[3]);
                negative |= q < 0;
                absurd |= Math.abs(q) > policy.maxAbsQuantity() || new BigDecimal(r[5]).abs().compareTo(maxPrice) > 0;
            }
            if (e.getValue().get(0)[6].isEmpty()) {
                notSegmentable++;
            } else if (absurd) {
                invalid++;
            } else if (e.getKey().startsWith("C") || negative) {
                returns++;
                applied += policy.returns() == ReturnPolicy.SUBTRACT ? 1 : 0;
            } else {
                accepted++;
                applied++;
            }
        }
        return new CleaningStats(byInvoice.size(), accepted, returns, notSegmentable, invalid, applied, lines, dups,
                fees);
    }
}
