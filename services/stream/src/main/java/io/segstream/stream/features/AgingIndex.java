package io.segstream.stream.features;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The customers of one task by the day of their last purchase, so an aging pass visits only the customers whose
 * recency reached a checkpoint instead of every customer. Derived data: it lives in memory and is rebuilt from the
 * customer-state store whenever the task is (re)initialised, so it costs neither a store write nor a changelog
 * record per invoice. Not thread-safe (one per task).
 */
final class AgingIndex {

    private final Map<String, Long> dayOf = new HashMap<>();
    private final TreeMap<Long, Set<String>> byDay = new TreeMap<>();

    /** Records that the customer's last purchase fell on {@code day} (days since the epoch, UTC). */
    void put(String customer, long day) {
        Long previous = dayOf.put(customer, day);
        if (previous != null) {
            if (previous == day) {
                return;
            }
            Set<String> old = byDay.get(previous);
            old.remove(customer);
            if (old.isEmpty()) {
                byDay.remove(previous);
            }
        }
        byDay.computeIfAbsent(day, d -> new HashSet<>()).add(customer);
    }

    /** Forgets the customer, e.g. when it is erased. */
    void remove(String customer) {
        Long day = dayOf.remove(customer);
        if (day != null) {
            Set<String> customers = byDay.get(day);
            customers.remove(customer);
            if (customers.isEmpty()) {
                byDay.remove(day);
            }
        }
    }

    /** Calls {@code action} for every customer whose last purchase day is in {@code [fromDay, toDay)}. */
    void forEachBetween(long fromDay, long toDay, Consumer<String> action) {
        if (fromDay >= toDay) {
            return;
        }
        for (Set<String> customers : byDay.subMap(fromDay, true, toDay, false).values()) {
            customers.forEach(action);
        }
    }

    /** Forgets every customer. */
    void clear() {
        dayOf.clear();
        byDay.clear();
    }

    /** Customers indexed. */
    int size() {
        return dayOf.size();
    }
}
