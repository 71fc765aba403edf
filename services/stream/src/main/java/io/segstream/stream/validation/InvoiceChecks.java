package io.segstream.stream.validation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.Money;

/** Structural checks on a decoded invoice, before any business rule: what fails here goes to the dead letters. */
public final class InvoiceChecks {

    private final InvoiceBounds bounds;

    public InvoiceChecks(InvoiceBounds bounds) {
        this.bounds = bounds;
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
                invoice.getCountry(), lines == null || lines.isEmpty());
        if (header.isPresent()) {
            return header;
        }
        for (int i = 0; i < lines.size(); i++) {
            Optional<Rejection> problem = checkLine(invoice.getInvoiceNo(), i, lines.get(i));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return checkTime(invoice.getInvoiceNo(), invoice.getInvoiceTime().toEpochMilli(), streamTime);
    }

    /**
     * The same checks on an invoice the fast path decoded straight into the core type (invoice number and stock
     * codes are never null there), with the same rejections and messages.
     */
    public Optional<Rejection> check(String key, Invoice invoice, long streamTime) {
        List<io.segstream.core.invoice.InvoiceLine> lines = invoice.lines();
        Optional<Rejection> header = checkHeader(key, invoice.invoiceNo(), invoice.customerId(), invoice.country(),
                lines.isEmpty());
        if (header.isPresent()) {
            return header;
        }
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i);
            Optional<Rejection> problem = checkLine(invoice.invoiceNo(), i, line.stockCode(), line.description(),
                    line.quantity(), line.unitPriceE4() / 10_000.0,
                    () -> BigDecimal.valueOf(line.unitPriceE4(), Money.DECIMALS));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return checkTime(invoice.invoiceNo(), invoice.invoiceTimeMillis(), streamTime);
    }

    private Optional<Rejection> checkHeader(String key, String invoiceNo, String customer, CharSequence country,
                                            boolean noLines) {
        if (invoiceNo == null || invoiceNo.isBlank()) {
            return reject(RejectReason.MISSING_FIELD, "field 'invoiceNo' is blank");
        }
        if (tooLong(invoiceNo) || tooLong(customer) || tooLong(country)) {
            return reject(RejectReason.FIELD_TOO_LONG, "invoice " + clip(invoiceNo) + ": invoiceNo, customerId or"
                    + " country longer than " + bounds.maxTextLength() + " chars");
        }
        if (!sameCustomer(key, customer)) {
            return reject(RejectReason.KEY_MISMATCH, "record key '" + key + "' is not customerId '" + customer
                    + "' of invoice " + invoiceNo);
        }
        if (noLines) {
            return reject(RejectReason.EMPTY_INVOICE, "invoice " + invoiceNo + " has no lines");
        }
        return Optional.empty();
    }

    private Optional<Rejection> checkTime(String invoiceNo, long time, long streamTime) {
        if (streamTime >= 0 && time > streamTime + bounds.maxFutureMillis()) {
            return reject(RejectReason.FUTURE_TIME, "invoice " + invoiceNo + " at " + Instant.ofEpochMilli(time)
                    + " is more than " + bounds.maxFutureMillis() + " ms ahead of stream time "
                    + Instant.ofEpochMilli(streamTime));
        }
        if (time < 0) {
            return reject(RejectReason.PAST_TIME, "invoice " + invoiceNo + " at " + Instant.ofEpochMilli(time)
                    + " is before 1970");
        }
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
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
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
