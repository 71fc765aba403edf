package io.segstream.core.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;

/** Two kinds of products by words and price fall into two categories named after their words. */
class ProductCategoriesTest {

    private static List<ProductCatalog.Product> catalogue() {
        ProductCatalog c = new ProductCatalog();
        List<InvoiceLine> lines = new ArrayList<>();
        String[] colours = {"RED", "WHITE", "PINK", "GREEN", "IVORY"};
        for (int i = 0; i < 40; i++) {
            String colour = colours[i % colours.length];
            lines.add(new InvoiceLine("H" + i, colour + " HEART CANDLE HOLDER", 2, 1_2500));
            lines.add(new InvoiceLine("M" + i, colour + " STAR MUG SET", 1, 12_5000));
        }
        lines.add(new InvoiceLine("POST", "POSTAGE", 1, 18_0000));
        c.add(new Invoice("1", "c", "United Kingdom", 0, lines, "test"));
        c.add(new Invoice("C2", "c", "United Kingdom", 1, List.of(new InvoiceLine("R1", "RETURNED HEART", -1,
                1_2500)), "test"));
        return c.products();
    }

    @Test
    void givenTwoKindsOfProducts_whenFitted_thenTwoCategoriesNamedByTheirKeywords() {
        List<ProductCatalog.Product> products = catalogue();
        assertEquals(80, products.size(), "fees and returns are not products");
        ProductCategories.Options d = ProductCategories.Options.defaults();
        ProductCategories categories = ProductCategories.fit(products,
                new ProductCategories.Options(2, 4, d.minShare(), d.priceEdges(), d.nInit(), d.silhouetteRows(), 0));

        assertEquals(2, categories.k());
        int hearts = categories.category("H0");
        int mugs = categories.category("M0");
        assertNotEquals(hearts, mugs);
        for (int i = 0; i < 40; i++) {
            assertEquals(hearts, categories.category("H" + i));
            assertEquals(mugs, categories.category("M" + i));
        }
        assertEquals(-1, categories.category("unknown"));
        assertTrue(categories.topKeywords().get(hearts).containsAll(List.of("heart", "candle", "holder")),
                categories.topKeywords().toString());
        assertTrue(categories.topKeywords().get(mugs).containsAll(List.of("star", "mug", "set")),
                categories.topKeywords().toString());
        assertEquals(40, categories.sizes()[hearts]);
    }

    @Test
    void givenPriceRangeEdges_whenAPriceIsOnAnEdge_thenItGoesToTheNextRange() {
        double[] edges = {1, 2, 3, 5, 10};
        assertEquals(0, ProductCategories.priceRange(edges, 0.99));
        assertEquals(1, ProductCategories.priceRange(edges, 1.0));
        assertEquals(5, ProductCategories.priceRange(edges, 10.0));
        assertEquals(5, ProductCategories.priceRange(edges, 250));
    }
}
