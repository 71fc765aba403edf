package io.segstream.stream.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AgingIndexTest {

    private final AgingIndex index = new AgingIndex();

    @Test
    void givenCustomersOnDays_whenRangeVisited_thenOnlyThoseWhoseDayIsInTheHalfOpenRange() {
        index.put("a", 10);
        index.put("b", 11);
        index.put("c", 12);
        index.put("d", 15);

        assertEquals(List.of("b", "c"), sorted(11, 13));
        assertEquals(List.of(), sorted(13, 15));
        assertEquals(List.of(), sorted(12, 12));
        assertEquals(List.of("a", "b", "c", "d"), sorted(Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void givenCustomerWhoBuysAgain_whenMoved_thenFoundOnlyOnTheNewDay() {
        index.put("a", 10);
        index.put("b", 10);
        index.put("a", 20);
        index.put("a", 20);

        assertEquals(List.of("b"), sorted(10, 11));
        assertEquals(List.of("a"), sorted(20, 21));
        assertEquals(2, index.size());
        index.clear();
        assertEquals(List.of(), sorted(Long.MIN_VALUE, Long.MAX_VALUE));
    }

    private List<String> sorted(long from, long to) {
        List<String> seen = new ArrayList<>();
        index.forEachBetween(from, to, seen::add);
        return seen.stream().sorted().toList();
    }
}
