package io.segstream.analysis;

/**
 * One data-preparation rule and how many records it touched.
 *
 * @param rule what the rule checks
 * @param unit what is counted (rows, lines, invoices, customers)
 * @param count how many it touched
 * @param action what was done with them (removed, imputed, mapped, kept)
 */
public record CleaningStep(String rule, String unit, long count, String action) {
}
