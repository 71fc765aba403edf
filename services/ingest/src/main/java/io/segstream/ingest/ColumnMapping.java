package io.segstream.ingest;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which header columns of a transaction file hold which invoice field. Columns are named as in the header, or as in
 * {@code header} for a file without a header line. A file with one amount per purchase and no product lines maps
 * {@code amount} instead of {@code quantity}/{@code price}; each row then becomes one line with quantity 1, the
 * amount as unit price and stock code {@link #AMOUNT_STOCK_CODE}.
 *
 * @param name layout name, used in the source label of invoices
 * @param customer customer id column (required)
 * @param invoice invoice number column; {@code null} makes every row its own invoice numbered {@code L<line>}
 * @param time invoice time column (required)
 * @param timePattern {@link java.time.format.DateTimeFormatter} pattern of {@code time}, or {@code epoch-seconds}
 *     or {@code epoch-millis}; a time without offset is read as UTC, a date without time of day as midnight;
 *     {@code null} detects the pattern from a sample of rows
 * @param quantity quantity column, {@code null} for quantity 1 (required with {@code price} in product files)
 * @param price unit price column; exactly one of {@code price} and {@code amount} is set
 * @param amount purchase amount column; exactly one of {@code price} and {@code amount} is set
 * @param product stock code column, {@code null} for {@link #AMOUNT_STOCK_CODE}
 * @param description description column, may be {@code null}
 * @param country country column, may be {@code null}
 * @param delimiter field delimiter; {@link #WHITESPACE} splits on runs of spaces and tabs instead
 * @param decimalSeparator decimal separator of prices and amounts
 * @param header the column names, in file order, of a file without a header line (its first line is then data);
 *     empty when the first line is the header
 */
public record ColumnMapping(String name, String customer, String invoice, String time, String timePattern,
                            String quantity, String price, String amount, String product, String description,
                            String country, char delimiter, char decimalSeparator, List<String> header) {

    /** Stock code of the single line synthesised for amount-only rows. */
    public static final String AMOUNT_STOCK_CODE = "AMOUNT";

    /**
     * The delimiter of whitespace-separated files: fields are separated by runs of spaces and tabs, leading and
     * trailing ones are ignored, and a value containing spaces must be double-quoted.
     */
    public static final char WHITESPACE = ' ';

    /** UCI Online Retail (2010-2011). */
    public static final ColumnMapping ONLINE_RETAIL = new ColumnMapping("online-retail", "CustomerID",
            "InvoiceNo", "InvoiceDate", null, "Quantity", "UnitPrice", null, "StockCode",
            "Description", "Country", ',', '.', List.of());

    /** UCI Online Retail II (2009-2011). */
    public static final ColumnMapping ONLINE_RETAIL_II = new ColumnMapping("online-retail-ii", "Customer ID",
            "Invoice", "InvoiceDate", null, "Quantity", "Price", null, "StockCode",
            "Description", "Country", ',', '.', List.of());

    /** Layouts recognised from their exact header by {@link TransactionReader#open(java.nio.file.Path)}. */
    public static final List<ColumnMapping> KNOWN = List.of(ONLINE_RETAIL, ONLINE_RETAIL_II);

    /** What each entry of {@link #columns()} holds, as named in error messages. */
    private static final List<String> FIELDS = List.of("customer", "invoice", "time", "quantity", "price", "amount",
            "product", "description", "country");

    /** Validates that the layout can produce invoices; {@code null} header means none given. */
    public ColumnMapping {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(customer, "customer column");
        Objects.requireNonNull(time, "time column");
        if ((price == null) == (amount == null)) {
            throw new IllegalArgumentException("exactly one of price and amount columns must be set");
        }
        if (amount != null && quantity != null) {
            throw new IllegalArgumentException("an amount column is one purchase; do not map a quantity with it");
        }
        if (delimiter == decimalSeparator) {
            throw new IllegalArgumentException("delimiter and decimal separator must differ");
        }
        header = header == null ? List.of() : List.copyOf(header);
        checkHeader(header, Arrays.asList(customer, invoice, time, quantity, price, amount, product, description,
                country));
    }

    /** Whether fields are separated by runs of whitespace rather than by {@link #delimiter()} itself. */
    public boolean splitsOnWhitespace() {
        return delimiter == WHITESPACE;
    }

    /** The columns this layout reads, in a fixed order, {@code null} where unmapped. */
    List<String> columns() {
        return Arrays.asList(customer, invoice, time, quantity, price, amount, product, description, country);
    }

    private static void checkHeader(List<String> header, List<String> columns) {
        if (header.isEmpty()) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String column : header) {
            if (column.isBlank()) {
                throw new IllegalArgumentException("empty column name in columns " + header);
            }
            if (!seen.add(column)) {
                throw new IllegalArgumentException("column '" + column + "' is named twice in columns " + header);
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            if (column != null && !seen.contains(column)) {
                throw new IllegalArgumentException(FIELDS.get(i) + " column '" + column + "' is not among columns "
                        + header);
            }
        }
    }
}
