package io.segstream.core.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps stock codes to dense int ids in first-seen order, so a customer's product set is a small sorted int
 * array. The ids are only meaningful with the dictionary that issued them: persist it next to the states.
 * Thread-safe.
 */
public final class ProductDictionary {

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> codes = new ArrayList<>();

    /** The id of a stock code, assigning the next free id on first sight. */
    public synchronized int idOf(String stockCode) {
        Integer id = ids.get(stockCode);
        if (id == null) {
            id = codes.size();
            ids.put(stockCode, id);
            codes.add(stockCode);
        }
        return id;
    }

    /** The stock code of an id issued by this dictionary. */
    public synchronized String codeOf(int id) {
        return codes.get(id);
    }

    /** Number of ids issued. */
    public synchronized int size() {
        return codes.size();
    }
}
