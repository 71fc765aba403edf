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
 * bytes.
 *
 * <p>Bounded size. The three sets that grow with a customer's history (invoice keys, product ids, purchase days)
 * are held inline up to a limit each ({@link #INVOICE_INLINE_LIMIT}, {@link #PRODUCT_INLINE_LIMIT},
 * {@link #DAY_INLINE_LIMIT}). Applied with a {@link History}, a set that would grow past its limit moves into the
 * history (all its members, once) and the state keeps only its count, plus the first and last day for the purchase
 * days; from then on a new member costs one membership question to the history, and the state stays within a few KB
 * (all three sets at their limits) however long the history grows. Only membership moves: every count, sum, day and
 * spend the features read is still kept here, so the features are the same whether a set is inline or not. Applied
 * without a history (the batch analysis) every set stays inline. Not thread-safe.
 */
public final class CustomerState {

    /**
     * Where the members of sets too large to keep inline live: a set of invoice keys, one of product ids and one of
     * purchase days, all of one customer. Each add reports whether the member was new and keeps it.
     */
    public interface History {
        /** Adds an invoice key; false when it was already there. */
        boolean addInvoice(long key);

        /** Adds a product id; false when it was already there. */
        boolean addProduct(int id);

        /** Adds a purchase day (UTC epoch day); false when it was already there. */
        boolean addPurchaseDay(int day);
    }

    /**
     * Largest number of invoice keys kept inline when a {@link History} is given. A key costs about three bytes
     * inline (delta-coded) and the set grows without end, so past this many invoices a long history costs one lookup
     * of its key per invoice instead of a record that grows (and, as once any set has moved, the state keeps only the
     * months a six-month window can still reach).
     */
    public static final int INVOICE_INLINE_LIMIT = 128;

    /**
     * Largest number of product ids kept inline when a {@link History} is given. Ids are small and dense (given in
     * order of first sale), so one costs one or two bytes delta-coded: 1,024 of them are about 1.5 KB, decoded and
     * encoded with the record, while a product set in a history costs a RocksDB read per
     * block of 256 ids an invoice touches and a write for each block that gains one. At the old limit of 128, which
     * most repeat customers of a shop pass, those reads and writes were 28 % of the stream thread
     * ({@code bench ceiling --profile}, docs/performance.md).
     */
    public static final int PRODUCT_INLINE_LIMIT = 1_024;

    /**
     * Largest number of purchase days kept inline when a {@link History} is given. A customer past it has also passed
     * {@link #INVOICE_INLINE_LIMIT} (one invoice at least per day), so it already has a history and one more block
     * read per invoice costs little; kept inline, every day would add a byte to each write of a heavy customer's
     * record (measured: with 1,024, the record of {@code HeavyCustomerIT}'s customer of 348 days grew from 314 to
     * 1,149 bytes, and so did every changelog record it wrote).
     */
    public static final int DAY_INLINE_LIMIT = 128;

    /** Version 3: as version 2, plus a byte of flags naming the sets that live in a {@link History}. */
    private static final byte FORMAT_VERSION_3 = 3;
    private static final int INVOICES_EXTERNAL = 1;
    private static final int PRODUCTS_EXTERNAL = 2;
    private static final int DAYS_EXTERNAL = 4;
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
    /** First and last purchase day; kept apart from the set's members so they survive its move to a history. */
    private int firstDay;
    private int lastDay;
    /** {@link #INVOICES_EXTERNAL}, {@link #PRODUCTS_EXTERNAL}, {@link #DAYS_EXTERNAL}: sets held by the history. */
    private int external;

    /** A customer without invoices. */
    public CustomerState() {
    }

    /**
     * Applies one cleaned invoice, every set kept inline.
     *
     * @param invoice the invoice; all its lines count in monetary
     * @param productIds id of a line's stock code, or a negative value for codes that are not products
     * @return {@code false} when the invoice number was already applied and the state is unchanged
     */
    public boolean apply(Invoice invoice, ToIntFunction<String> productIds) {
        return apply(invoice, productIds, null);
    }

    /**
     * Applies one cleaned invoice; a set past its inline limit ({@link #INVOICE_INLINE_LIMIT},
     * {@link #PRODUCT_INLINE_LIMIT}, {@link #DAY_INLINE_LIMIT}) moves into {@code history}, which must be
     * the same customer's history on every call. Once a set has moved, the state also keeps only the months of the
     * six-month window up to its last purchase, so its features are exact for reference times at or after that.
     *
     * @param history where large sets live, null to keep every set inline
     * @return {@code false} when the invoice number was already applied and the state is unchanged
     */
    public boolean apply(Invoice invoice, ToIntFunction<String> productIds, History history) {
        long key = invoiceKey(invoice.invoiceNo());
        if (history != null) {
            moveLargeSets(history);
        }
        if ((external & INVOICES_EXTERNAL) != 0) {
            if (!history.addInvoice(key)) {
                return false;
            }
            invoiceCount++;
        } else {
            int at = Arrays.binarySearch(invoices, 0, invoiceCount, key);
            if (at >= 0) {
                return false;
            }
            if (history != null && invoiceCount >= INVOICE_INLINE_LIMIT) {
                moveInvoices(history);
                history.addInvoice(key);
                invoiceCount++;
            } else {
                invoices = insert(invoices, invoiceCount++, -at - 1, key);
            }
        }
        long amount = invoice.amountE4();
        long time = invoice.invoiceTimeMillis();
        firstMillis = Math.min(firstMillis, time);
        lastMillis = Math.max(lastMillis, time);
        monetaryE4 = Math.addExact(monetaryE4, amount);
        int month = monthIndex(time);
        if (external == 0) {
            addToMonth(month, amount);
        } else {
            int oldest = monthIndex(lastMillis) - WINDOW_MONTHS + 1;
            dropMonthsBefore(oldest);
            if (month >= oldest) {
                addToMonth(month, amount);
            }
        }
        if (purchaseDaysKnown && !invoice.isCancellation() && amount > 0) {
            addPurchase(Math.toIntExact(PurchaseHistory.dayOf(time)), amount, history);
        }
        for (InvoiceLine line : invoice.lines()) {
            int id = productIds.applyAsInt(line.stockCode());
            if (id >= 0) {
                addProduct(id, history);
            }
        }
        return true;
    }

    /** Whether any set of this state lives in a {@link History}. */
    public boolean hasExternalSets() {
        return external != 0;
    }

    private void addProduct(int id, History history) {
        if ((external & PRODUCTS_EXTERNAL) != 0) {
            if (history.addProduct(id)) {
                productCount++;
            }
            return;
        }
        int p = Arrays.binarySearch(products, 0, productCount, id);
        if (p >= 0) {
            return;
        }
        if (history != null && productCount >= PRODUCT_INLINE_LIMIT) {
            moveProducts(history);
            history.addProduct(id);
            productCount++;
        } else {
            products = insert(products, productCount++, -p - 1, id);
        }
    }

    /**
     * Moves every set already past the limit (a state written before version 3, or inline for want of a history) so
     * that whether a set is inline depends on its size alone.
     */
    private void moveLargeSets(History history) {
        if ((external & INVOICES_EXTERNAL) == 0 && invoiceCount > INVOICE_INLINE_LIMIT) {
            moveInvoices(history);
        }
        if ((external & PRODUCTS_EXTERNAL) == 0 && productCount > PRODUCT_INLINE_LIMIT) {
            moveProducts(history);
        }
        if ((external & DAYS_EXTERNAL) == 0 && purchaseDayCount > DAY_INLINE_LIMIT) {
            moveDays(history);
        }
    }

    /**
     * Drops the months no window can reach again: a state with a set in a history keeps only the six months up to its
     * last purchase, which is all {@link #features} reads for any reference time at or after the last purchase (the
     * only times the stream, its aging and its query API use).
     */
    private void dropMonthsBefore(int oldest) {
        int drop = 0;
        while (drop < monthCount && months[drop] < oldest) {
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(months, drop, months, 0, monthCount - drop);
            System.arraycopy(monthInvoices, drop, monthInvoices, 0, monthCount - drop);
            System.arraycopy(monthMoneyE4, drop, monthMoneyE4, 0, monthCount - drop);
            monthCount -= drop;
        }
    }

    private void moveInvoices(History history) {
        for (int i = 0; i < invoiceCount; i++) {
            history.addInvoice(invoices[i]);
        }
        invoices = new long[0];
        external |= INVOICES_EXTERNAL;
    }

    private void moveProducts(History history) {
        for (int i = 0; i < productCount; i++) {
            history.addProduct(products[i]);
        }
        products = new int[0];
        external |= PRODUCTS_EXTERNAL;
    }

    private void moveDays(History history) {
        for (int i = 0; i < purchaseDayCount; i++) {
            history.addPurchaseDay(purchaseDays[i]);
        }
        purchaseDays = new int[0];
        external |= DAYS_EXTERNAL;
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
        return new PurchaseHistory(purchaseDayCount, firstDay, lastDay, purchaseSpendE4 - firstDaySpendE4);
    }

    /**
     * Compact binary form: a version byte, then LEB128 varints — first time, last minus first, monetary
     * (zigzag), then invoice keys, product ids and months each as a count followed by ascending deltas (months
     * also carry an invoice count and a zigzag amount), then (since version 2) the purchase days and their spends.
     * A state with a set in a {@link History} is version 3: a byte of flags after the version names those sets,
     * whose members are left out (only their counts, and the first and last purchase day, are written); a state
     * with every set inline is still written as version 2, byte for byte as before. The encoding is canonical:
     * equal states, equal bytes. {@link #decode} reads versions 1 to 3.
     */
    public byte[] encode() {
        boolean inlineInvoices = (external & INVOICES_EXTERNAL) == 0;
        boolean inlineProducts = (external & PRODUCTS_EXTERNAL) == 0;
        boolean inlineDays = (external & DAYS_EXTERNAL) == 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (inlineInvoices ? invoiceCount * 3 : 0)
                + (inlineProducts ? productCount * 2 : 0));
        if (external == 0) {
            out.write(FORMAT_VERSION);
        } else {
            out.write(FORMAT_VERSION_3);
            out.write(external);
        }
        VarInts.writeUnsigned(out, invoiceCount);
        if (invoiceCount > 0) {
            VarInts.writeSigned(out, firstMillis);
            VarInts.writeUnsigned(out, lastMillis - firstMillis);
        }
        VarInts.writeSigned(out, monetaryE4);
        long previous = 0;
        for (int i = 0; inlineInvoices && i < invoiceCount; i++) {
            // Unsigned wrap-around keeps hashed (negative) keys correct through delta coding.
            VarInts.writeUnsigned(out, invoices[i] - previous);
            previous = invoices[i];
        }
        VarInts.writeUnsigned(out, productCount);
        int prev = 0;
        for (int i = 0; inlineProducts && i < productCount; i++) {
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
            VarInts.writeSigned(out, firstDay);
            if (inlineDays) {
                for (int i = 1; i < purchaseDayCount; i++) {
                    VarInts.writeUnsigned(out, purchaseDays[i] - purchaseDays[i - 1]);
                }
            } else {
                VarInts.writeUnsigned(out, (long) lastDay - firstDay);
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
            if (checkVersion(in.get()) == FORMAT_VERSION_3) {
                in.get();
            }
            if (VarInts.readUnsigned(in) == 0) {
                return Long.MIN_VALUE;
            }
            long first = VarInts.readSigned(in);
            return first + VarInts.readUnsigned(in);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated customer state of " + bytes.length + " bytes", e);
        }
    }

    /**
     * Reads a state written by {@link #encode()}. A version 3 state's external sets are in the customer's
     * {@link History}, which must be given to every {@link #apply} of it.
     *
     * @throws IllegalArgumentException when the bytes are not a valid encoding
     */
    public static CustomerState decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CustomerState s = new CustomerState();
        try {
            byte version = checkVersion(in.get());
            if (version == FORMAT_VERSION_3) {
                s.external = in.get();
                if (s.external <= 0 || s.external > (INVOICES_EXTERNAL | PRODUCTS_EXTERNAL | DAYS_EXTERNAL)) {
                    throw new IllegalArgumentException("bad external-set flags " + s.external);
                }
            }
            boolean inlineInvoices = (s.external & INVOICES_EXTERNAL) == 0;
            boolean inlineProducts = (s.external & PRODUCTS_EXTERNAL) == 0;
            s.invoiceCount = inlineInvoices ? VarInts.readCount(in) : readLargeCount(in);
            if (s.invoiceCount > 0) {
                s.firstMillis = VarInts.readSigned(in);
                s.lastMillis = s.firstMillis + VarInts.readUnsigned(in);
            }
            s.monetaryE4 = VarInts.readSigned(in);
            s.invoices = new long[inlineInvoices ? Math.max(4, s.invoiceCount) : 0];
            long previous = 0;
            for (int i = 0; inlineInvoices && i < s.invoiceCount; i++) {
                previous += VarInts.readUnsigned(in);
                s.invoices[i] = previous;
            }
            s.productCount = inlineProducts ? VarInts.readCount(in) : readLargeCount(in);
            s.products = new int[inlineProducts ? Math.max(8, s.productCount) : 0];
            int prev = 0;
            for (int i = 0; inlineProducts && i < s.productCount; i++) {
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

    private static int readLargeCount(ByteBuffer in) {
        long n = VarInts.readUnsigned(in);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("count " + n + " out of range");
        }
        return (int) n;
    }

    private static byte checkVersion(byte version) {
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_1 && version != FORMAT_VERSION_3) {
            throw new IllegalArgumentException("unknown customer state version " + version);
        }
        return version;
    }

    private void readPurchaseDays(ByteBuffer in) {
        long field = VarInts.readUnsigned(in);
        purchaseDaysKnown = field != 0;
        if (field > 1) {
            boolean inlineDays = (external & DAYS_EXTERNAL) == 0;
            purchaseDayCount = Math.toIntExact(field - 1);
            if (inlineDays && purchaseDayCount > in.remaining()) {
                throw new IllegalArgumentException("purchase day count " + purchaseDayCount + " exceeds the "
                        + in.remaining() + " bytes left");
            }
            firstDay = Math.toIntExact(VarInts.readSigned(in));
            if (inlineDays) {
                purchaseDays = new int[Math.max(4, purchaseDayCount)];
                purchaseDays[0] = firstDay;
                for (int i = 1; i < purchaseDayCount; i++) {
                    purchaseDays[i] = Math.addExact(purchaseDays[i - 1], Math.toIntExact(VarInts.readUnsigned(in)));
                }
                lastDay = purchaseDays[purchaseDayCount - 1];
            } else {
                purchaseDays = new int[0];
                lastDay = Math.addExact(firstDay, Math.toIntExact(VarInts.readUnsigned(in)));
            }
            firstDaySpendE4 = VarInts.readSigned(in);
            purchaseSpendE4 = VarInts.readSigned(in);
        } else if ((external & DAYS_EXTERNAL) != 0) {
            throw new IllegalArgumentException("external purchase days without a purchase day");
        }
    }

    private void addPurchase(int day, long amount, History history) {
        purchaseSpendE4 = Math.addExact(purchaseSpendE4, amount);
        boolean added;
        if ((external & DAYS_EXTERNAL) != 0) {
            added = history.addPurchaseDay(day);
        } else {
            int at = Arrays.binarySearch(purchaseDays, 0, purchaseDayCount, day);
            added = at < 0;
            if (added && history != null && purchaseDayCount >= DAY_INLINE_LIMIT) {
                moveDays(history);
                history.addPurchaseDay(day);
            } else if (added) {
                purchaseDays = insert(purchaseDays, purchaseDayCount, -at - 1, day);
            }
        }
        if (added) {
            purchaseDayCount++;
            if (purchaseDayCount == 1 || day < firstDay) {
                // A new first day: the old first day's spend becomes repeat spend.
                firstDay = day;
                firstDaySpendE4 = amount;
            }
            lastDay = purchaseDayCount == 1 ? day : Math.max(lastDay, day);
        } else if (day == firstDay) {
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
