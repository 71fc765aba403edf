package io.segstream.stream.features;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.segstream.core.features.CustomerState;
import io.segstream.core.features.VarInts;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@link CustomerState.History} of one customer at a time in the {@link FeatureStores#CUSTOMER_HISTORY} store,
 * which holds the sets a heavy customer's state no longer keeps inline. Keys are the customer id (its UTF-8 length
 * as a varint, then the bytes, so one customer's rows are one key prefix that no other customer's id can extend),
 * a kind byte, then:
 * <ul>
 *   <li>{@code i} + the 8-byte invoice key: one empty row per invoice, written once (the de-duplication set);</li>
 *   <li>{@code p} + a 4-byte block number: a 32-byte bitmap of product ids {@code 256 * block} to
 *       {@code 256 * block + 255};</li>
 *   <li>{@code d} + a 4-byte block number: the same bitmap of UTC purchase days.</li>
 * </ul>
 * So an invoice costs one read and one write of its invoice row, one read per product block and one per day block
 * it touches, and a write only for a block that gains a member: no cost grows with the length of the history, and no
 * row is larger than 32 bytes plus its key. Blocks read during one invoice are kept until {@link #flush}, which
 * writes those that changed once. Not thread-safe; one per task.
 */
public final class CustomerHistory implements CustomerState.History {

    static final byte INVOICE = 'i';
    static final byte PRODUCT = 'p';
    static final byte DAY = 'd';
    private static final int BLOCK_BITS = 256;
    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    private final Map<Long, byte[]> blocks = new HashMap<>();
    private final Map<Long, byte[]> dirty = new HashMap<>();
    private String customer;
    private byte[] prefix;

    /** The history kept in {@code store}. */
    public CustomerHistory(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** Makes this the history of {@code id} until the next call; costs nothing until a set is asked. */
    public CustomerHistory of(String id) {
        if (!id.equals(customer)) {
            customer = id;
            prefix = null;
        }
        blocks.clear();
        dirty.clear();
        return this;
    }

    /** Writes the blocks that gained a member since {@link #of}. */
    public void flush() {
        for (var entry : dirty.entrySet()) {
            long id = entry.getKey();
            store.put(key((byte) (id >>> 32), (int) id), entry.getValue());
        }
        dirty.clear();
        blocks.clear();
    }

    @Override
    public boolean addInvoice(long invoiceKey) {
        Bytes key = key(INVOICE, invoiceKey);
        if (store.get(key) != null) {
            return false;
        }
        store.put(key, PRESENT);
        return true;
    }

    @Override
    public boolean addProduct(int id) {
        return setBit(PRODUCT, id);
    }

    @Override
    public boolean addPurchaseDay(int day) {
        return setBit(DAY, day);
    }

    /**
     * Deletes every row of {@code id}; returns how many there were.
     */
    public static int erase(KeyValueStore<Bytes, byte[]> store, String id) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> rows = store.prefixScan(Bytes.wrap(prefixOf(id)),
                Serdes.Bytes().serializer())) {
            while (rows.hasNext()) {
                KeyValue<Bytes, byte[]> row = rows.next();
                keys.add(row.key);
            }
        }
        keys.forEach(store::delete);
        return keys.size();
    }

    private boolean setBit(byte kind, int member) {
        int block = Math.floorDiv(member, BLOCK_BITS);
        int bit = Math.floorMod(member, BLOCK_BITS);
        long id = (long) kind << 32 | (block & 0xFFFFFFFFL);
        byte[] bits = blocks.get(id);
        if (bits == null) {
            bits = store.get(key(kind, block));
            bits = bits == null ? new byte[BLOCK_BITS / 8] : bits.clone();
            blocks.put(id, bits);
        }
        int mask = 1 << (bit & 7);
        if ((bits[bit >>> 3] & mask) != 0) {
            return false;
        }
        bits[bit >>> 3] |= (byte) mask;
        dirty.put(id, bits);
        return true;
    }

    private Bytes key(byte kind, long member) {
        byte[] p = prefix();
        byte[] key = new byte[p.length + 9];
        System.arraycopy(p, 0, key, 0, p.length);
        key[p.length] = kind;
        for (int i = 0; i < 8; i++) {
            key[p.length + 1 + i] = (byte) (member >>> (56 - 8 * i));
        }
        return Bytes.wrap(key);
    }

    private Bytes key(byte kind, int block) {
        byte[] p = prefix();
        byte[] key = new byte[p.length + 5];
        System.arraycopy(p, 0, key, 0, p.length);
        key[p.length] = kind;
        for (int i = 0; i < 4; i++) {
            key[p.length + 1 + i] = (byte) (block >>> (24 - 8 * i));
        }
        return Bytes.wrap(key);
    }

    private byte[] prefix() {
        if (prefix == null) {
            prefix = prefixOf(customer);
        }
        return prefix;
    }

    /** The key prefix of every row of {@code id}: its UTF-8 length as a varint, then the bytes. */
    public static byte[] prefixOf(String id) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + 2);
        VarInts.writeUnsigned(out, utf8.length);
        out.writeBytes(utf8);
        return out.toByteArray();
    }
}
