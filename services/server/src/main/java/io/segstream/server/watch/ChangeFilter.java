package io.segstream.server.watch;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.SegmentChange;

/**
 * Which segment changes to show: by customer, by segment (id or name, matching either side of the move) and by
 * cause. Empty criteria match everything.
 *
 * @param customers customer ids
 * @param segments  segment ids or names (names compared case-insensitively)
 * @param causes    change causes
 */
public record ChangeFilter(Set<String> customers, Set<String> segments, Set<ChangeCause> causes) {

    public ChangeFilter {
        customers = Set.copyOf(customers);
        segments = segments.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        causes = Set.copyOf(causes);
    }

    /** Whether {@code change} passes every criterion. */
    public boolean test(SegmentChange change) {
        if (!customers.isEmpty() && !customers.contains(change.getCustomerId())) {
            return false;
        }
        if (!causes.isEmpty() && !causes.contains(change.getCause())) {
            return false;
        }
        return segments.isEmpty() || matches(change.getToSegmentId(), change.getToSegmentName())
                || matches(change.getFromSegmentId(), change.getFromSegmentName());
    }

    private boolean matches(Integer id, String name) {
        return (id != null && segments.contains(id.toString()))
                || (name != null && segments.contains(name.toLowerCase(Locale.ROOT)));
    }
}
