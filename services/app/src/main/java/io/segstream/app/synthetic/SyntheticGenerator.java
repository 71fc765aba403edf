package io.segstream.app.synthetic;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;

/**
 * Generates invoices of synthetic customers in event-time order, deterministically for a seed.
 *
 * <p>Every customer makes a first purchase at a uniform time within the model's acquisition window, then after
 * each purchase stops with the archetype's churn probability or buys again after an exponential gap. Pending
 * purchases sit in a binary min-heap of two primitive arrays (time, customer), and a customer's archetype and
 * country are hashed from the seed and the customer index rather than stored, so memory is 12 bytes per
 * customer: 1M customers take 12 MB. The iteration ends when every customer has stopped buying.
 *
 * <p>Customer ids are {@code S<index>}, index in {@code [0, customers)}; invoice numbers are {@code S<sequence>}
 * from 1; stock codes encode the price point ({@code P<cents>-<variant>}), so a product always has one price.
 * Not thread-safe.
 */
public final class SyntheticGenerator implements Iterator<Invoice> {

    /** Source label of generated invoices. */
    public static final String SOURCE = "synthetic";

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final int MAX_LINES = 1_000;
    private static final long MAX_PRICE_CENTS = 1_000_000;
    private static final int MAX_QUANTITY = 100_000;
    private static final int VARIANTS_PER_PRICE = 4;

    private final SyntheticOptions options;
    private final SplittableRandom random;
    private final Archetype[] archetypes = Archetype.values();
    private final ArchetypeParameters[] parameters;
    private final double[] archetypeCdf;
    private final String[] countries;
    private final double[] countryCdf;
    private final long[] heapTime;
    private final int[] heapCustomer;
    private int size;
    private long invoices;
    private long lines;

    /** A generator positioned before the first invoice. */
    public SyntheticGenerator(SyntheticOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
        SyntheticPopulation model = options.model();
        parameters = new ArchetypeParameters[archetypes.length];
        double[] shares = new double[archetypes.length];
        for (int i = 0; i < archetypes.length; i++) {
            parameters[i] = model.of(archetypes[i]);
            shares[i] = parameters[i].customerShare();
        }
        archetypeCdf = cdf(shares);
        countries = model.countryShares().keySet().toArray(String[]::new);
        countryCdf = cdf(model.countryShares().values().stream().mapToDouble(d -> d).toArray());
        int n = options.customers();
        heapTime = new long[n];
        heapCustomer = new int[n];
        long start = options.start().toEpochMilli();
        double window = model.acquisitionDays() * MILLIS_PER_DAY;
        for (int c = 0; c < n; c++) {
            heapTime[c] = start + (long) (random.nextDouble() * window);
            heapCustomer[c] = c;
        }
        size = n;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** The id of customer {@code index}. */
    public static String customerId(int index) {
        return "S" + index;
    }

    /** The archetype customer {@code index} follows under this generator's seed. */
    public Archetype archetypeOf(int index) {
        return archetypes[pick(archetypeCdf, unit(options.seed(), index, 0x9E3779B97F4A7C15L))];
    }

    /** The country of customer {@code index} under this generator's seed. */
    public String countryOf(int index) {
        return countries[pick(countryCdf, unit(options.seed(), index, 0xC2B2AE3D27D4EB4FL))];
    }

    /** Invoices generated so far. */
    public long invoices() {
        return invoices;
    }

    /** Invoice lines generated so far. */
    public long lines() {
        return lines;
    }

    /** Customers who will still buy. */
    public int activeCustomers() {
        return size;
    }

    @Override
    public boolean hasNext() {
        return size > 0;
    }

    @Override
    public Invoice next() {
        if (size == 0) {
            throw new NoSuchElementException("every customer has stopped buying");
        }
        long time = heapTime[0];
        int customer = heapCustomer[0];
        ArchetypeParameters p = parameters[archetypeOf(customer).ordinal()];
        Invoice invoice = new Invoice("S" + (++invoices), customerId(customer), countryOf(customer), time,
                basket(p), SOURCE);
        lines += invoice.lines().size();
        if (random.nextDouble() < p.churnProbability()) {
            heapTime[0] = heapTime[--size];
            heapCustomer[0] = heapCustomer[size];
        } else {
            double gapDays = -Math.log(1 - random.nextDouble()) * p.gapDaysMean();
            // Whole seconds, at least one, so a customer's invoices never share a timestamp.
            heapTime[0] = time + Math.max(1_000L, Math.round(gapDays * MILLIS_PER_DAY / 1000.0) * 1000L);
        }
        siftDown(0);
        return invoice;
    }

    private List<InvoiceLine> basket(ArchetypeParameters p) {
        int count = (int) Math.min(MAX_LINES, Math.max(1, Math.round(logNormal(p.basketLogMean(), p.basketLogSd()))));
        List<InvoiceLine> basket = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long cents = Math.min(MAX_PRICE_CENTS,
                    Math.max(1, Math.round(100 * logNormal(p.priceLogMean(), p.priceLogSd()))));
            int quantity = (int) Math.min(MAX_QUANTITY,
                    Math.max(1, Math.round(logNormal(p.quantityLogMean(), p.quantityLogSd()))));
            String stockCode = "P" + cents + "-" + random.nextInt(VARIANTS_PER_PRICE);
            basket.add(new InvoiceLine(stockCode, null, quantity, cents * 100));
        }
        return basket;
    }

    private double logNormal(double mu, double sigma) {
        return Math.exp(mu + sigma * random.nextGaussian());
    }

    private void siftDown(int i) {
        long time = heapTime[i];
        int customer = heapCustomer[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(child + 1, child)) {
                child++;
            }
            if (heapTime[child] > time || (heapTime[child] == time && heapCustomer[child] > customer)) {
                break;
            }
            heapTime[i] = heapTime[child];
            heapCustomer[i] = heapCustomer[child];
            i = child;
        }
        heapTime[i] = time;
        heapCustomer[i] = customer;
    }

    /** Heap order: by time, ties by customer index, so the order never depends on heap layout history. */
    private boolean before(int a, int b) {
        return heapTime[a] < heapTime[b] || (heapTime[a] == heapTime[b] && heapCustomer[a] < heapCustomer[b]);
    }

    private static double[] cdf(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] cdf = new double[weights.length];
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            running += weights[i];
            cdf[i] = running / total;
        }
        cdf[cdf.length - 1] = 1.0;
        return cdf;
    }

    private static int pick(double[] cdf, double u) {
        for (int i = 0; i < cdf.length; i++) {
            if (u < cdf[i]) {
                return i;
            }
        }
        return cdf.length - 1;
    }

    /** A uniform double in [0, 1) from a SplitMix64 finaliser over seed, index and salt. */
    private static double unit(long seed, int index, long salt) {
        long z = seed * 0xBF58476D1CE4E5B9L + index * salt + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }
}
