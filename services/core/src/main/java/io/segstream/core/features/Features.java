package io.segstream.core.features;

import io.segstream.core.clv.PurchaseHistory;

/**
 * RFM features of one customer at a reference time. Day counts are whole days, floored, in UTC millis.
 *
 * @param asOfMillis reference time; the reference day boundary is {@code asOf + 1 day}, as the notebooks'
 *     {@code snapshot = max(InvoiceDate) + 1 day}
 * @param firstPurchaseMillis time of the earliest applied invoice
 * @param lastPurchaseMillis time of the latest applied invoice
 * @param recencyDays {@code floor((asOf + 1 day - lastPurchase) / 1 day)}, pandas {@code (snap - max).dt.days}
 * @param frequency distinct applied invoices, cancellations included (pandas {@code nunique} of InvoiceNo)
 * @param monetaryE4 exact sum of applied line amounts in E4 units
 * @param monetary {@code monetaryE4 / 10^4}
 * @param lengthDays {@code floor((lastPurchase - firstPurchase) / 1 day)}
 * @param avgSpend {@code monetary / frequency}
 * @param uniqueProducts distinct product ids bought
 * @param frequency6m invoices in the calendar month (UTC) of {@code asOf} and the five months before it
 * @param monetary6m monetary over the same six calendar months
 * @param purchases the purchase days the lifetime-value models use; null with no purchase or when unknown (a customer
 *     state written before the purchase days were kept)
 */
public record Features(long asOfMillis, long firstPurchaseMillis, long lastPurchaseMillis, int recencyDays,
                       int frequency, long monetaryE4, double monetary, int lengthDays, double avgSpend,
                       int uniqueProducts, int frequency6m, double monetary6m,
                       PurchaseHistory purchases) {
}
