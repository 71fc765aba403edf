package io.segstream.core.cleaning;

/**
 * Counters over many cleaned invoices. Every invoice is counted in exactly one outcome, so
 * {@code accepted + returns + notSegmentable + invalid == invoices}; line counters add up to the input lines.
 *
 * @param invoices invoices cleaned
 * @param accepted {@link Outcome#ACCEPTED}
 * @param returns {@link Outcome#RETURN}
 * @param notSegmentable {@link Outcome#NOT_SEGMENTABLE}
 * @param invalid {@link Outcome#INVALID}
 * @param applied invoices handed on to the features (accepted plus returns under SUBTRACT)
 * @param lines input lines
 * @param duplicateLines lines removed as duplicates, over all outcomes
 * @param feeLines fee lines after duplicate removal, over all outcomes
 */
public record CleaningStats(long invoices, long accepted, long returns, long notSegmentable, long invalid,
                            long applied, long lines, long duplicateLines, long feeLines) {

    /** No invoices yet. */
    public static final CleaningStats EMPTY = new CleaningStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** These counters plus one result. */
    public CleaningStats plus(CleaningResult r) {
        Outcome o = r.outcome();
        return new CleaningStats(invoices + 1, accepted + (o == Outcome.ACCEPTED ? 1 : 0),
                returns + (o == Outcome.RETURN ? 1 : 0), notSegmentable + (o == Outcome.NOT_SEGMENTABLE ? 1 : 0),
                invalid + (o == Outcome.INVALID ? 1 : 0), applied + (r.cleaned() != null ? 1 : 0),
                lines + r.inputLines(), duplicateLines + r.duplicateLines(), feeLines + r.feeLines());
    }
}
