package io.segstream.app.synthetic;

/**
 * Purchase behaviour a synthetic customer follows. Customers of the Online Retail data are assigned by
 * {@link #classify}, which is how the parameters of each archetype were fitted.
 */
public enum Archetype {
    /** Bought once. */
    ONE_OFF,
    /** Came back a few times ({@value #OCCASIONAL_MAX_INVOICES} invoices at most). */
    OCCASIONAL,
    /** Bought regularly, more than {@value #OCCASIONAL_MAX_INVOICES} invoices. */
    LOYAL,
    /** Buys in bulk: many units per line, whatever the frequency. */
    WHOLESALE;

    /**
     * Mean units per line from which a customer counts as wholesale: roughly the top eighth of the data's
     * customers, well above the median of 10 units.
     */
    public static final double WHOLESALE_MIN_MEAN_QUANTITY = 24.0;

    /** Most invoices an occasional customer has in the data's year. */
    public static final int OCCASIONAL_MAX_INVOICES = 4;

    /**
     * The archetype of a customer from their purchases; wholesale wins over frequency.
     *
     * @param invoices purchase invoices (cancellations excluded), at least 1
     * @param meanQuantity mean units per product line
     */
    public static Archetype classify(int invoices, double meanQuantity) {
        if (meanQuantity >= WHOLESALE_MIN_MEAN_QUANTITY) {
            return WHOLESALE;
        }
        if (invoices <= 1) {
            return ONE_OFF;
        }
        return invoices <= OCCASIONAL_MAX_INVOICES ? OCCASIONAL : LOYAL;
    }
}
