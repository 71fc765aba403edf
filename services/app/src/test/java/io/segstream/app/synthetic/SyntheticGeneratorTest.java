package io.segstream.app.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import org.junit.jupiter.api.Test;

class SyntheticGeneratorTest {

    @Test
    void givenSameSeed_whenGenerated_thenInvoicesAreIdentical_andAnotherSeedDiffers() {
        List<Invoice> first = take(new SyntheticGenerator(SyntheticOptions.of(5_000, 42)), 3_000);
        List<Invoice> second = take(new SyntheticGenerator(SyntheticOptions.of(5_000, 42)), 3_000);
        List<Invoice> other = take(new SyntheticGenerator(SyntheticOptions.of(5_000, 43)), 3_000);

        assertEquals(first, second);
        assertNotEquals(first, other);
    }

    @Test
    void givenNCustomers_whenRunToTheEnd_thenEveryCustomerBuysAndNoOtherIdAppears() {
        int customers = 2_000;
        SyntheticGenerator generator = new SyntheticGenerator(SyntheticOptions.of(customers, 7));
        Set<String> seen = new HashSet<>();
        long previousTime = Long.MIN_VALUE;
        while (generator.hasNext()) {
            Invoice invoice = generator.next();
            seen.add(invoice.customerId());
            assertTrue(invoice.invoiceTimeMillis() >= previousTime, "event time never goes back");
            previousTime = invoice.invoiceTimeMillis();
            assertFalse(invoice.lines().isEmpty());
        }

        assertEquals(customers, seen.size());
        for (int i = 0; i < customers; i++) {
            assertTrue(seen.contains(SyntheticGenerator.customerId(i)));
        }
        assertEquals(0, generator.activeCustomers());
        // Expected purchases per customer: sum of share x mean purchases over the archetypes, about 4.3.
        double expected = FittedPopulations.ONLINE_RETAIL.archetypes().values().stream()
                .mapToDouble(p -> p.customerShare() * p.purchasesMean()).sum() * customers;
        assertEquals(expected, generator.invoices(), 0.08 * expected);
    }

    @Test
    void givenManyCustomers_whenAssigned_thenArchetypeSharesMatchTheModel() {
        int customers = 100_000;
        SyntheticGenerator generator = new SyntheticGenerator(SyntheticOptions.of(customers, 1));
        Map<Archetype, Integer> counts = new EnumMap<>(Archetype.class);
        for (int i = 0; i < customers; i++) {
            counts.merge(generator.archetypeOf(i), 1, Integer::sum);
        }
        for (Archetype archetype : Archetype.values()) {
            assertEquals(FittedPopulations.ONLINE_RETAIL.of(archetype).customerShare(),
                    counts.get(archetype) / (double) customers, 0.005, archetype.name());
        }
    }

    @Test
    void givenFittedModel_whenGenerated_thenBasketPriceAndQuantityFollowEachArchetypesFit() {
        SyntheticGenerator generator = new SyntheticGenerator(SyntheticOptions.of(50_000, 11));
        Map<Archetype, Stats> basket = new EnumMap<>(Archetype.class);
        Map<Archetype, Stats> price = new EnumMap<>(Archetype.class);
        Map<Archetype, Stats> quantity = new EnumMap<>(Archetype.class);
        for (int i = 0; i < 150_000 && generator.hasNext(); i++) {
            Invoice invoice = generator.next();
            Archetype archetype = generator.archetypeOf(Integer.parseInt(invoice.customerId().substring(1)));
            basket.computeIfAbsent(archetype, a -> new Stats()).add(invoice.lines().size());
            for (InvoiceLine line : invoice.lines()) {
                price.computeIfAbsent(archetype, a -> new Stats()).add(line.unitPriceE4() / 10_000.0);
                quantity.computeIfAbsent(archetype, a -> new Stats()).add(line.quantity());
            }
        }
        for (Archetype archetype : Archetype.values()) {
            ArchetypeParameters p = FittedPopulations.ONLINE_RETAIL.of(archetype);
            String name = archetype.name();
            // Log moments are what was fitted; rounding to whole units (at least 1) and cents moves them a little,
            // most for small counts, where up to a tenth of the draws fall below one and become one.
            assertEquals(p.basketLogMean(), basket.get(archetype).logMean(), 0.05, name + " basket mu");
            assertEquals(p.basketLogSd(), basket.get(archetype).logSd(), 0.06, name + " basket sd");
            assertEquals(p.priceLogMean(), price.get(archetype).logMean(), 0.02, name + " price mu");
            assertEquals(p.priceLogSd(), price.get(archetype).logSd(), 0.02, name + " price sd");
            assertEquals(p.quantityLogMean(), quantity.get(archetype).logMean(), 0.05, name + " quantity mu");
            // Means of the raw values within 3% of the fitted log-normal's mean.
            assertEquals(p.basketMean(), basket.get(archetype).mean(), 0.03 * p.basketMean(), name + " basket");
            assertEquals(p.priceMean(), price.get(archetype).mean(), 0.03 * p.priceMean(), name + " price");
            assertEquals(p.quantityMean(), quantity.get(archetype).mean(), 0.03 * p.quantityMean(),
                    name + " quantity");
        }
    }

    @Test
    void givenTwoMillionCustomers_whenStarted_thenFirstInvoicesComeQuicklyFromPrimitiveState() {
        long before = System.nanoTime();
        SyntheticGenerator generator = new SyntheticGenerator(SyntheticOptions.of(2_000_000, 3));
        Set<String> customers = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            customers.add(generator.next().customerId());
        }
        double seconds = (System.nanoTime() - before) / 1e9;

        assertTrue(customers.size() > 19_000, "early invoices are mostly first purchases: " + customers.size());
        assertTrue(seconds < 10, "2M customers set up and 20k invoices in " + seconds + " s");
    }

    private static List<Invoice> take(SyntheticGenerator generator, int count) {
        List<Invoice> invoices = new ArrayList<>(count);
        for (int i = 0; i < count && generator.hasNext(); i++) {
            invoices.add(generator.next());
        }
        return invoices;
    }

    /** Mean of the values and of their logarithms. */
    private static final class Stats {
        long n;
        double sum;
        double logSum;
        double logSumSq;

        void add(double x) {
            n++;
            sum += x;
            double log = Math.log(x);
            logSum += log;
            logSumSq += log * log;
        }

        double mean() {
            return sum / n;
        }

        double logMean() {
            return logSum / n;
        }

        double logSd() {
            return Math.sqrt(logSumSq / n - logMean() * logMean());
        }
    }
}
