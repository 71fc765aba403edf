package io.segstream.stream.validation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.Money;

/** Structural checks on a decoded invoice, before any business rule: what fails here goes to the dead letters. */
public final class InvoiceChecks {

    private final InvoiceBounds bounds;
    private final LongSupplier wallClock;

    /** Checks against {@code bounds} and this machine's clock. */
    public InvoiceChecks(InvoiceBounds bounds) {
        this(bounds, System::currentTimeMillis);
    }

    /** Checks against {@code bounds}, with {@code wallClock} as "now" for the latest plausible invoice time. */
    public InvoiceChecks(InvoiceBounds bounds, LongSupplier wallClock) {
        this.bounds = bounds;
        this.wallClock = wallClock;
    }

    /** The limits checked. */
    public InvoiceBounds bounds() {
        return bounds;
    }

    /**
     * Checks one invoice.
     *
     * @param key        the record key (the producer's customer id, empty or null when unknown)
     * @param streamTime the task's stream time, or a negative value before the first record
     * @return the first problem found, or empty when the invoice is usable
     */
    public Optional<Rejection> check(String key, InvoiceEvent invoice, long streamTime) {
        List<InvoiceLine> lines = invoice.getLines();
        Optional<Rejection> header = checkHeader(key, invoice.getInvoiceNo(), invoice.getCustomerId(),
                invoice.getCountry(), lines == null ? 0 : lines.size());
        if (header.isPresent()) {
            return header;
        }
        long totalE4 = 0;
        for (int i = 0; i < lines.size(); i++) {
            InvoiceLine line = lines.get(i);
            Optional<Rejection> problem = checkLine(invoice.getInvoiceNo(), i, line);
            if (problem.isPresent()) {
                return problem;
            }
            totalE4 = addLine(totalE4, line.getQuantity(),
                    line.getUnitPrice().movePointRight(Money.DECIMALS).longValue());
            if (beyondTotal(totalE4)) {
                return totalTooLarge(invoice.getInvoiceNo(), i);
            }
        }
        return checkTime(invoice.getInvoiceNo(), invoice.getInvoiceTime(), streamTime);
    }

    /**
     * The same checks on an invoice the fast path decoded straight into the core type (invoice number and stock
     * codes are never null there), with the same rejections and messages.
     */
    public Optional<Rejection> check(String key, Invoice invoice, long streamTime) {
        List<io.segstream.core.invoice.InvoiceLine> lines = invoice.lines();
        Optional<Rejection> header = checkHeader(key, invoice.invoiceNo(), invoice.customerId(), invoice.country(),
                lines.size());
        if (header.isPresent()) {
            return header;
        }
        long totalE4 = 0;
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i);
            Optional<Rejection> problem = checkLine(invoice.invoiceNo(), i, line.stockCode(), line.description(),
                    line.quantity(), line.unitPriceE4() / 10_000.0,
                    () -> BigDecimal.valueOf(line.unitPriceE4(), Money.DECIMALS));
            if (problem.isPresent()) {
                return problem;
            }
            totalE4 = addLine(totalE4, line.quantity(), line.unitPriceE4());
            if (beyondTotal(totalE4)) {
                return totalTooLarge(invoice.invoiceNo(), i);
            }
        }
        return checkTime(invoice.invoiceNo(), invoice.invoiceTimeMillis(), streamTime);
    }

    /**
     * The running total with one more line; {@link #OVERFLOW} where it would overflow (only reachable with bounds
     * set near their maxima), which the caller refuses as beyond the total bound.
     */
    private static long addLine(long totalE4, int quantity, long priceE4) {
        try {
            return Math.addExact(totalE4, Math.multiplyExact((long) quantity, priceE4));
        } catch (ArithmeticException e) {
            return OVERFLOW;
        }
    }

    /** A total that does not fit a long; {@code Math.abs} of it is negative, so it is tested for by name. */
    private static final long OVERFLOW = Long.MIN_VALUE;

    private boolean beyondTotal(long totalE4) {
        return totalE4 == OVERFLOW || Math.abs(totalE4) > bounds.maxAbsTotalE4();
    }

    private Optional<Rejection> totalTooLarge(String invoiceNo, int line) {
        return reject(RejectReason.AMOUNT_OUT_OF_BOUNDS, "invoice " + clip(invoiceNo) + ": total beyond ±"
                + Money.format(bounds.maxAbsTotalE4()) + " at line " + line);
    }

    private Optional<Rejection> checkHeader(String key, String invoiceNo, String customer, CharSequence country,
                                            int lineCount) {
        if (invoiceNo == null || invoiceNo.isBlank()) {
            return reject(RejectReason.MISSING_FIELD, "field 'invoiceNo' is blank");
        }
        if (tooLong(invoiceNo) || tooLong(customer) || tooLong(country)) {
            return reject(RejectReason.FIELD_TOO_LONG, "invoice " + clip(invoiceNo) + ": invoiceNo, customerId or"
                    + " country longer than " + bounds.maxTextLength() + " chars");
        }
        if (!sameCustomer(key, customer)) {
            return reject(RejectReason.KEY_MISMATCH, "record key '" + clip(key) + "' is not customerId '" + customer
                    + "' of invoice " + invoiceNo);
        }
        if (lineCount == 0) {
            return reject(RejectReason.EMPTY_INVOICE, "invoice " + invoiceNo + " has no lines");
        }
        if (lineCount > bounds.maxLines()) {
            return reject(RejectReason.TOO_MANY_LINES, "invoice " + invoiceNo + " has " + lineCount + " lines, more "
                    + "than " + bounds.maxLines() + " (" + InvoiceBounds.MAX_LINES + ")");
        }
        return Optional.empty();
    }

    /** The time check of an instant that may lie beyond what epoch milliseconds can hold. */
    private Optional<Rejection> checkTime(String invoiceNo, Instant time, long streamTime) {
        boolean early = time.isBefore(JsonInvoiceDecoder.EARLIEST);
        if (early || time.isAfter(JsonInvoiceDecoder.LATEST)) {
            return reject(early ? RejectReason.PAST_TIME : RejectReason.FUTURE_TIME, "invoice "
                    + invoiceNo + " at " + time + " is outside the times of epoch milliseconds");
        }
        return checkTime(invoiceNo, time.toEpochMilli(), streamTime);
    }

    private Optional<Rejection> checkTime(String invoiceNo, long time, long streamTime) {
        long now = wallClock.getAsLong();
        if (time > bounds.latestAt(now)) {
            return reject(RejectReason.FUTURE_TIME, "invoice " + invoiceNo + " at " + Instant.ofEpochMilli(time)
                    + " is more than " + bounds.maxFutureMillis() + " ms (" + InvoiceBounds.MAX_FUTURE
                    + ") ahead of the wall clock " + Instant.ofEpochMilli(now));
        }
        if (time < bounds.minTimeMillis()) {
            return reject(RejectReason.PAST_TIME, "invoice " + invoiceNo + " at " + Instant.ofEpochMilli(time)
                    + " is before " + Instant.ofEpochMilli(bounds.minTimeMillis()) + " (" + InvoiceBounds.MIN_TIME
                    + ")");
        }
        // No check ahead of stream time: stream time follows the invoices' own times (InvoiceTimeExtractor), so the
        // first invoice after a quiet week is not a future; the wall clock above bounds how far ahead anything goes.
        if (streamTime >= 0 && time < streamTime - bounds.maxPastMillis()) {
            return reject(RejectReason.PAST_TIME, "invoice " + invoiceNo + " at " + Instant.ofEpochMilli(time)
                    + " is more than " + bounds.maxPastMillis() / 86_400_000L + " days behind stream time "
                    + Instant.ofEpochMilli(streamTime));
        }
        return Optional.empty();
    }

    private boolean tooLong(CharSequence text) {
        return text != null && text.length() > bounds.maxTextLength();
    }

    /** The start of a text that may be huge, for a message. */
    private static String clip(String text) {
        return text == null || text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private Optional<Rejection> checkLine(String invoiceNo, int index, InvoiceLine line) {
        return checkLine(invoiceNo, index, line.getStockCode(), line.getDescription(), line.getQuantity(),
                line.getUnitPrice().doubleValue(), line::getUnitPrice);
    }

    private Optional<Rejection> checkLine(String invoiceNo, int index, String stockCode, CharSequence description,
                                          int quantity, double price, Supplier<BigDecimal> priceText) {
        // Runs for every line of every invoice: the message is only built for a line that fails.
        if (stockCode == null || stockCode.isBlank()) {
            return reject(RejectReason.MISSING_FIELD, where(invoiceNo, index) + ": stockCode is blank");
        }
        if (tooLong(stockCode) || tooLong(description)) {
            return reject(RejectReason.FIELD_TOO_LONG, where(clip(invoiceNo), index) + ": stockCode or description"
                    + " longer than " + bounds.maxTextLength() + " chars");
        }
        if (Math.abs((long) quantity) > bounds.maxAbsQuantity()) {
            return reject(RejectReason.QUANTITY_OUT_OF_BOUNDS, where(invoiceNo, index) + ": quantity "
                    + quantity + " beyond ±" + bounds.maxAbsQuantity());
        }
        if (Math.abs(price) > bounds.maxAbsUnitPrice()) {
            return reject(RejectReason.PRICE_OUT_OF_BOUNDS, where(invoiceNo, index) + ": unit price "
                    + priceText.get() + " beyond ±" + bounds.maxAbsUnitPrice());
        }
        return Optional.empty();
    }

    private static String where(String invoiceNo, int index) {
        return "invoice " + invoiceNo + " line " + index;
    }

    private static boolean sameCustomer(String key, String customer) {
        boolean noKey = key == null || key.isEmpty();
        boolean noCustomer = customer == null || customer.isEmpty();
        return noKey ? noCustomer : key.equals(customer);
    }

    private static Optional<Rejection> reject(RejectReason reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
