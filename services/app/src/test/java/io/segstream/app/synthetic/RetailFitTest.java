package io.segstream.app.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.testing.TestData;
import org.junit.jupiter.api.Test;

/** Refits the shipped model from the data, so {@link FittedPopulations#ONLINE_RETAIL} stays reproducible. */
class RetailFitTest {

    private static final double ROUNDING = 5.1e-5;

    @Test
    void givenOnlineRetailFile_whenFitted_thenShippedConstantsMatchToFourDecimals() {
        SyntheticPopulation fitted = RetailFit.fit(TestData.onlineRetail());
        SyntheticPopulation shipped = FittedPopulations.ONLINE_RETAIL;

        String message = "refitted model: " + fitted;
        for (Archetype archetype : Archetype.values()) {
            ArchetypeParameters f = fitted.of(archetype);
            ArchetypeParameters s = shipped.of(archetype);
            assertEquals(f.customerShare(), s.customerShare(), ROUNDING, archetype + " share; " + message);
            assertEquals(f.purchasesMean(), s.purchasesMean(), ROUNDING, archetype + " purchases; " + message);
            assertEquals(f.gapDaysMean(), s.gapDaysMean(), ROUNDING, archetype + " gap; " + message);
            assertEquals(f.basketLogMean(), s.basketLogMean(), ROUNDING, archetype + " basket mu; " + message);
            assertEquals(f.basketLogSd(), s.basketLogSd(), ROUNDING, archetype + " basket sd; " + message);
            assertEquals(f.priceLogMean(), s.priceLogMean(), ROUNDING, archetype + " price mu; " + message);
            assertEquals(f.priceLogSd(), s.priceLogSd(), ROUNDING, archetype + " price sd; " + message);
            assertEquals(f.quantityLogMean(), s.quantityLogMean(), ROUNDING, archetype + " qty mu; " + message);
            assertEquals(f.quantityLogSd(), s.quantityLogSd(), ROUNDING, archetype + " qty sd; " + message);
        }
        assertEquals(fitted.countryShares().keySet().stream().toList(),
                shipped.countryShares().keySet().stream().toList(), message);
        fitted.countryShares().forEach((country, share) ->
                assertEquals(share, shipped.countryShares().get(country), ROUNDING, country + "; " + message));
        assertEquals(fitted.acquisitionDays(), shipped.acquisitionDays(), ROUNDING, message);
    }

    @Test
    void givenOnlineRetailFile_whenFitted_thenArchetypesDifferWhereTheDataDoes() {
        SyntheticPopulation model = RetailFit.fit(TestData.onlineRetail());

        // Wholesale lines carry many more units; loyal customers come back more often than occasional ones.
        assertEquals(1.0, model.of(Archetype.ONE_OFF).purchasesMean());
        assertTrue(model.of(Archetype.WHOLESALE).quantityMean()
                > 5 * model.of(Archetype.LOYAL).quantityMean());
        assertTrue(model.of(Archetype.LOYAL).gapDaysMean()
                < model.of(Archetype.OCCASIONAL).gapDaysMean());
        assertTrue(model.of(Archetype.LOYAL).purchasesMean()
                > Archetype.OCCASIONAL_MAX_INVOICES);
    }
}
