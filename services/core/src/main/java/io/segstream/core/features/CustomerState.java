package io.segstream.core.features;

import io.segstream.core.clv.PurchaseHistory;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * Rolling RFM state of one customer, updated one invoice at a time and small enough to live in a state store.
 *
 * <p>Every part is order-independent: first/last time are min/max, money is an exact sum, invoices, products
 * and months are sorted sets. Applying invoices in any order, late ones included, therefore yields the same
 * state, byte for byte, as applying them sorted. An invoice number already applied is ignored, which makes
 * redelivery harmless but also means an invoice must arrive whole.
 *
 * <p>Invoice numbers are stored as 64-bit keys: {@code [A-Z]?digits} (every UCI number) maps exactly to
 * {@code prefix << 50 | number}; any other number maps to a 64-bit FNV-1a hash with the top bit set, where a
 * collision (odds about n²/2^64) would merge two invoices.
 *
 * <p>Purchase days (for the lifetime-value models, see {@link PurchaseHistory}) are a sorted set of UTC days with the
 * spend of the first one: an invoice on an earlier day makes that day the first and its spend the first day's, so
 * this part is order-independent too. A state written by codec version 1, which did not keep them, decodes with its
 * purchase history unknown ({@link #purchaseHistory()} null) and keeps it unknown: the days it held are not in its
 * bytes. Not thread-safe.
 */
public final class CustomerState {

    private static final byte FORMAT_VERSION = 2;
    /** The first release's codec: no purchase days. */
    private static final byte FORMAT_VERSION_1 = 1;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final int WINDOW_MONTHS = 6;

    private long firstMillis = Long.MAX_VALUE;
    private long lastMillis = Long.MIN_VALUE;
    private long monetaryE4;
    private long[] invoices = new long[4];
    private int invoiceCount;
    private int[] products = new int[8];
    private int productCount;
    private int[] months = new int[4];
    private int[] monthInvoices = new int[4];
    private long[] monthMoneyE4 = new long[4];
    private int monthCount;
    private boolean purchaseDaysKnown = true;
    private int[] purchaseDays = new int[4];
    private int purchaseDayCount;
    private long firstDaySpendE4;
    private long purchaseSpendE4;

    /** A customer without invoices. */
    public CustomerState() {
    }

    /**
     * Applies one cleaned invoice.
     *
     * @param invoice the invoice; all its lines count in monetary
     * @param productIds id of a line's stock code, or a negative value for codes that are not products
     * @return {@code false} when the invoice number was already applied and the state is unchanged
     */
    public boolean apply(Invoice invoice, ToIntFunction<String> productIds) {
        long key = invoiceKey(invoice.invoiceNo());
        int at = Arrays.binarySearch(invoices, 0, invoiceCount, key);
        if (at >= 0) {
            return false;
        }
        long amount = invoice.amountE4();
        invoices = insert(invoices, invoiceCount++, -at - 1, key);
        long time = invoice.invoiceTimeMillis();
        firstMillis = Math.min(firstMillis, time);
        lastMillis = Math.max(lastMillis, time);
        monetaryE4 = Math.addExact(monetaryE4, amount);
        addToMonth(monthIndex(time), amount);
        if (purchaseDaysKnown && !invoice.isCancellation() && amount > 0) {
            addPurchase(Math.toIntExact(PurchaseHistory.dayOf(time)), amount);
        }
        for (InvoiceLine line : invoice.lines()) {
            int id = productIds.applyAsInt(line.stockCode());
            if (id >= 0) {
                int p = Arrays.binarySearch(products, 0, productCount, id);
                if (p < 0) {
                    products = insert(products, productCount++, -p - 1, id);
                }
            }
        }
        return true;
    }

    /** Time of the latest applied invoice; {@code Long.MIN_VALUE} when none has been applied. */
    public long lastPurchaseMillis() {
        return lastMillis;
    }

    /** Whether no invoice has been applied. */
    public boolean isEmpty() {
        return invoiceCount == 0;
    }

    /**
     * The features at a reference time; see {@link Features} for the exact definitions.
     *
     * @throws IllegalStateException when no invoice has been applied
     */
    public Features features(long asOfMillis) {
        if (isEmpty()) {
            throw new IllegalStateException("no invoices applied");
        }
        int asOfMonth = monthIndex(asOfMillis);
        int frequency6m = 0;
        long money6m = 0;
        for (int i = 0; i < monthCount; i++) {
            if (months[i] > asOfMonth - WINDOW_MONTHS && months[i] <= asOfMonth) {
                frequency6m += monthInvoices[i];
                money6m += monthMoneyE4[i];
            }
        }
        double monetary = monetaryE4 / 10_000.0;
        return new Features(asOfMillis, firstMillis, lastMillis,
                Math.toIntExact(Math.floorDiv(asOfMillis + DAY_MILLIS - lastMillis, DAY_MILLIS)), invoiceCount,
                monetaryE4, monetary, Math.toIntExact(Math.floorDiv(lastMillis - firstMillis, DAY_MILLIS)),
                monetary / invoiceCount, productCount, frequency6m, money6m / 10_000.0, purchaseHistory());
    }

    /**
     * The purchase days, or null when there is no purchase (only returns or non-positive invoices) or they are
     * unknown (a state written by codec version 1).
     */
    public PurchaseHistory purchaseHistory() {
        if (!purchaseDaysKnown || purchaseDayCount == 0) {
            return null;
        }
        return new PurchaseHistory(purchaseDayCount, purchaseDays[0], purchaseDays[purchaseDayCount - 1],
                purchaseSpendE4 - firstDaySpendE4);
    }

    /**
     * Compact binary form: a version byte, then LEB128 varints — first time, last minus first, monetary
     * (zigzag), then invoice keys, product ids and months each as a count followed by ascending deltas (months
     * also carry an invoice count and a zigzag amount), then (since version 2) the purchase days and their spends.
     * The encoding is canonical: equal states, equal bytes. {@link #decode} reads versions 1 and 2.
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + invoiceCount * 3 + productCount * 2);
        out.write(FORMAT_VERSION);
        VarInts.writeUnsigned(out, invoiceCount);
        if (invoiceCount > 0) {
            VarInts.writeSigned(out, firstMillis);
            VarInts.writeUnsigned(out, lastMillis - firstMillis);
        }
        VarInts.writeSigned(out, monetaryE4);
        long previous = 0;
        for (int i = 0; i < invoiceCount; i++) {
            // Unsigned wrap-around keeps hashed (negative) keys correct through delta coding.
            VarInts.writeUnsigned(out, invoices[i] - previous);
            previous = invoices[i];
        }
        VarInts.writeUnsigned(out, productCount);
        int prev = 0;
        for (int i = 0; i < productCount; i++) {
            VarInts.writeUnsigned(out, products[i] - prev);
            prev = products[i];
        }
        VarInts.writeUnsigned(out, monthCount);
        prev = 0;
        for (int i = 0; i < monthCount; i++) {
            VarInts.writeSigned(out, months[i] - prev);
            prev = months[i];
            VarInts.writeUnsigned(out, monthInvoices[i]);
            VarInts.writeSigned(out, monthMoneyE4[i]);
        }
        // Version 2: purchase days as a count plus one (0 = unknown), ascending deltas, then the two spends.
        VarInts.writeUnsigned(out, purchaseDaysKnown ? purchaseDayCount + 1 : 0);
        if (purchaseDaysKnown && purchaseDayCount > 0) {
            VarInts.writeSigned(out, purchaseDays[0]);
            for (int i = 1; i < purchaseDayCount; i++) {
                VarInts.writeUnsigned(out, purchaseDays[i] - purchaseDays[i - 1]);
            }
            VarInts.writeSigned(out, firstDaySpendE4);
            VarInts.writeSigned(out, purchaseSpendE4);
        }
        return out.toByteArray();
    }

    /**
     * The time of the latest invoice of an encoded state, read from its header without decoding the rest;
     * {@code Long.MIN_VALUE} when it holds no invoice.
     *
     * @throws IllegalArgumentException when the bytes are not a valid encoding
     */
    public static long lastPurchaseMillis(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            checkVersion(in.get());
            if (VarInts.readCount(in) == 0) {
                return Long.MIN_VALUE;
            }
            long first = VarInts.readSigned(in);
            return first + VarInts.readUnsigned(in);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated customer state of " + bytes.length + " bytes", e);
        }
    }

    /**
     * Reads a state written by {@link #encode()}.
     *
     * @throws IllegalArgumentException when the bytes are not a valid encoding
     */
    public static CustomerState decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CustomerState s = new CustomerState();
        try {
            byte version = checkVersion(in.get());
            s.invoiceCount = VarInts.readCount(in);
            if (s.invoiceCount > 0) {
                s.firstMillis = VarInts.readSigned(in);
                s.lastMillis = s.firstMillis + VarInts.readUnsigned(in);
            }
            s.monetaryE4 = VarInts.readSigned(in);
            s.invoices = new long[Math.max(4, s.invoiceCount)];
            long previous = 0;
            for (int i = 0; i < s.invoiceCount; i++) {
                previous += VarInts.readUnsigned(in);
                s.invoices[i] = previous;
            }
            s.productCount = VarInts.readCount(in);
            s.products = new int[Math.max(8, s.productCount)];
            int prev = 0;
            for (int i = 0; i < s.productCount; i++) {
                prev += (int) VarInts.readUnsigned(in);
                s.products[i] = prev;
            }
            s.monthCount = VarInts.readCount(in);
            int capacity = Math.max(4, s.monthCount);
            s.months = new int[capacity];
            s.monthInvoices = new int[capacity];
            s.monthMoneyE4 = new long[capacity];
            prev = 0;
            for (int i = 0; i < s.monthCount; i++) {
                prev += (int) VarInts.readSigned(in);
                s.months[i] = prev;
                s.monthInvoices[i] = (int) VarInts.readUnsigned(in);
                s.monthMoneyE4[i] = VarInts.readSigned(in);
            }
            if (version == FORMAT_VERSION_1) {
                s.purchaseDaysKnown = false;
            } else {
                s.readPurchaseDays(in);
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated customer state of " + bytes.length + " bytes", e);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " trailing bytes after customer state");
        }
        return s;
    }

    private static byte checkVersion(byte version) {
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_1) {
            throw new IllegalArgumentException("unknown customer state version " + version);
        }
        return version;
    }

    private void readPurchaseDays(ByteBuffer in) {
        long field = VarInts.readUnsigned(in);
        purchaseDaysKnown = field != 0;
        if (field > 1) {
            purchaseDayCount = Math.toIntExact(field - 1);
            if (purchaseDayCount > in.remaining()) {
                throw new IllegalArgumentException("purchase day count " + purchaseDayCount + " exceeds the "
                        + in.remaining() + " bytes left");
            }
            purchaseDays = new int[Math.max(4, purchaseDayCount)];
            purchaseDays[0] = Math.toIntExact(VarInts.readSigned(in));
            for (int i = 1; i < purchaseDayCount; i++) {
                purchaseDays[i] = Math.addExact(purchaseDays[i - 1], Math.toIntExact(VarInts.readUnsigned(in)));
            }
            firstDaySpendE4 = VarInts.readSigned(in);
            purchaseSpendE4 = VarInts.readSigned(in);
        }
    }

    private void addPurchase(int day, long amount) {
        purchaseSpendE4 = Math.addExact(purchaseSpendE4, amount);
        int at = Arrays.binarySearch(purchaseDays, 0, purchaseDayCount, day);
        if (at < 0) {
            at = -at - 1;
            purchaseDays = insert(purchaseDays, purchaseDayCount++, at, day);
            if (at == 0) {
                // A new first day: the old first day's spend becomes repeat spend.
                firstDaySpendE4 = amount;
            }
        } else if (at == 0) {
            firstDaySpendE4 = Math.addExact(firstDaySpendE4, amount);
        }
    }

    /** Calendar month index, {@code year * 12 + month - 1}, of a UTC time. */
    static int monthIndex(long millis) {
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(millis, DAY_MILLIS));
        return date.getYear() * 12 + date.getMonthValue() - 1;
    }

    /** The 64-bit key of an invoice number; see the class comment. */
    static long invoiceKey(String invoiceNo) {
        int n = invoiceNo.length();
        int start = n > 0 && invoiceNo.charAt(0) >= 'A' && invoiceNo.charAt(0) <= 'Z' ? 1 : 0;
        if (n - start >= 1 && n - start <= 15) {
            long number = 0;
            int i = start;
            for (; i < n; i++) {
                char c = invoiceNo.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                number = number * 10 + (c - '0');
            }
            if (i == n) {
                long prefix = start == 1 ? invoiceNo.charAt(0) : 0;
                return prefix << 50 | number;
            }
        }
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < n; i++) {
            hash = (hash ^ invoiceNo.charAt(i)) * 0x100000001b3L;
        }
        return hash | Long.MIN_VALUE;
    }

    private void addToMonth(int month, long amount) {
        int at = Arrays.binarySearch(months, 0, monthCount, month);
        if (at < 0) {
            at = -at - 1;
            months = insert(months, monthCount, at, month);
            monthInvoices = insert(monthInvoices, monthCount, at, 0);
            monthMoneyE4 = insert(monthMoneyE4, monthCount, at, 0L);
            monthCount++;
        }
        monthInvoices[at]++;
        monthMoneyE4[at] = Math.addExact(monthMoneyE4[at], amount);
    }

    private static long[] insert(long[] a, int size, int at, long value) {
        long[] target = size == a.length ? Arrays.copyOf(a, Math.max(4, size * 2)) : a;
        System.arraycopy(a, at, target, at + 1, size - at);
        target[at] = value;
        return target;
    }

    private static int[] insert(int[] a, int size, int at, int value) {
        int[] target = size == a.length ? Arrays.copyOf(a, Math.max(4, size * 2)) : a;
        System.arraycopy(a, at, target, at + 1, size - at);
        target[at] = value;
        return target;
    }
}
