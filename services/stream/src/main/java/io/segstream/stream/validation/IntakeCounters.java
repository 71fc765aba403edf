package io.segstream.stream.validation;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.segstream.core.cleaning.CleaningResult;
import io.segstream.core.cleaning.Outcome;

/**
 * Counts of what happened to every input: each invoice lands in exactly one outcome (or one dead-letter reason), and
 * line-level counters say how many duplicate and fee lines were set aside. Thread-safe; shared by all stream tasks
 * of one instance.
 */
public final class IntakeCounters {

    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final Map<RejectReason, LongAdder> rejections = new EnumMap<>(RejectReason.class);
    private final LongAdder invalid = new LongAdder();
    private final LongAdder duplicateInvoices = new LongAdder();
    private final LongAdder registryRetries = new LongAdder();
    private final LongAdder lines = new LongAdder();
    private final LongAdder duplicateLines = new LongAdder();
    private final LongAdder feeLines = new LongAdder();
    private final LongAdder erasures = new LongAdder();
    private final LongAdder erasedInvoices = new LongAdder();
    private final LongAdder anonymousInvoices = new LongAdder();
    private final LongAdder deadLettersLost = new LongAdder();
    private final LongAdder punctuationFailures = new LongAdder();

    public IntakeCounters() {
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
        for (RejectReason reason : RejectReason.values()) {
            rejections.put(reason, new LongAdder());
        }
    }

    void cleaned(CleaningResult result) {
        outcomes.get(result.outcome()).increment();
        lines.add(result.inputLines());
        duplicateLines.add(result.duplicateLines());
        feeLines.add(result.feeLines());
    }

    /** An input went to the dead letters for {@code reason}. */
    public void reject(RejectReason reason) {
        rejections.get(reason).increment();
    }

    void invalid() {
        invalid.increment();
    }

    /** A dead letter could not be written and was lost (logged where it happened). */
    public void deadLetterLost() {
        deadLettersLost.increment();
    }

    /** Dead letters that could not be written (encoding failed, or the dead letter itself was refused). */
    public long deadLettersLost() {
        return deadLettersLost.sum();
    }

    /** A punctuation (aging, re-scoring, model refresh) that raised an exception and was skipped. */
    public void punctuationFailure() {
        punctuationFailures.increment();
    }

    /** Punctuations skipped because they raised an exception. */
    public long punctuationFailures() {
        return punctuationFailures.sum();
    }

    /** A customer was erased. */
    public void erasure() {
        erasures.increment();
    }

    /** Customers erased by this instance. */
    public long erasures() {
        return erasures.sum();
    }

    /** An invoice of an erased customer, timestamped before the erasure request, was dropped. */
    public void erasedInvoice() {
        erasedInvoices.increment();
    }

    /** Invoices dropped because they predate their customer's erasure. */
    public long erasedInvoices() {
        return erasedInvoices.sum();
    }

    /** An invoice of an anonymous account (not a person) was counted and not segmented. */
    public void anonymousInvoice() {
        anonymousInvoices.increment();
    }

    /** Invoices of anonymous accounts ({@code segstream.customers.anonymous}), counted and not segmented. */
    public long anonymousInvoices() {
        return anonymousInvoices.sum();
    }

    /** A decode waited for an unavailable schema registry. */
    public void registryRetry() {
        registryRetries.increment();
    }

    /** Decodes that waited for an unavailable schema registry. */
    public long registryRetries() {
        return registryRetries.sum();
    }

    public void duplicateInvoice() {
        duplicateInvoices.increment();
    }

    /** Invoices that passed decoding and checks, by cleaning outcome ({@code INVALID} ones are dead letters). */
    public long outcome(Outcome outcome) {
        return outcomes.get(outcome).sum();
    }

    /** Inputs sent to the dead letters for {@code reason}, by the structural checks or the cleaning policy. */
    public long rejected(RejectReason reason) {
        return reason == RejectReason.INVALID_VALUES ? invalid.sum() : rejections.get(reason).sum();
    }

    /** All inputs sent to the dead letters, for any reason. */
    public long deadLetters() {
        return rejections.values().stream().mapToLong(LongAdder::sum).sum() + invalid.sum();
    }

    /** Invoices re-sent for a customer that already had them; ignored. */
    public long duplicateInvoices() {
        return duplicateInvoices.sum();
    }

    /** Lines of the invoices that were cleaned. */
    public long lines() {
        return lines.sum();
    }

    /** Exact duplicate lines removed inside invoices. */
    public long duplicateLines() {
        return duplicateLines.sum();
    }

    /** Fee and adjustment lines (kept out of product counts). */
    public long feeLines() {
        return feeLines.sum();
    }

    /** Every input seen: cleaned invoices plus dead letters. */
    public long inputs() {
        return outcomes.values().stream().mapToLong(LongAdder::sum).sum() + deadLetters();
    }
}
