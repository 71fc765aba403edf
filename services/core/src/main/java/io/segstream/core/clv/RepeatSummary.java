package io.segstream.core.clv;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.NavigableMap;

/**
 * What the BG/NBD and Gamma-Gamma models know of one customer, in weeks: purchases are counted as purchase days
 * (several invoices on one day are one transaction).
 *
 * @param x               repeat purchase days (purchase days minus the first)
 * @param tx              weeks from the first purchase day to the last one
 * @param T               weeks from the first purchase day to the end of the observation
 * @param meanRepeatSpend mean spend of the repeat purchase days (the first excluded); 0 when {@code x == 0}
 */
public record RepeatSummary(int x, double tx, double T, double meanRepeatSpend) {

    public RepeatSummary {
        if (x < 0 || tx < 0 || T < tx || (x == 0 && tx != 0)) {
            throw new IllegalArgumentException("not a customer history: x=" + x + " t_x=" + tx + " T=" + T);
        }
    }

    /**
     * The summary of a customer's spend per purchase day, observed up to the end of {@code end}.
     *
     * @param spendByDay spend of each purchase day, at least one, none after {@code end}
     * @throws IllegalArgumentException for an empty history or a purchase after {@code end}
     */
    public static RepeatSummary of(NavigableMap<LocalDate, Double> spendByDay, LocalDate end) {
        if (spendByDay.isEmpty() || spendByDay.lastKey().isAfter(end)) {
            throw new IllegalArgumentException("a history needs purchase days up to " + end + ": " + spendByDay);
        }
        LocalDate first = spendByDay.firstKey();
        double repeatSpend = 0;
        for (Map.Entry<LocalDate, Double> day : spendByDay.tailMap(first, false).entrySet()) {
            repeatSpend += day.getValue();
        }
        int x = spendByDay.size() - 1;
        return new RepeatSummary(x, ChronoUnit.DAYS.between(first, spendByDay.lastKey()) / 7.0,
                ChronoUnit.DAYS.between(first, end) / 7.0, x == 0 ? 0 : repeatSpend / x);
    }
}
