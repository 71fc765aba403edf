package io.segstream.core.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProductTextTest {

    @Test
    void givenADescription_whenAnalysed_thenStopWordsNumbersAndShortWordsGoAndWordsAreStemmed() {
        try (ProductText text = new ProductText()) {
            List<ProductText.Word> words = text.words("SET OF 3 CAKE TINS PANTRY DESIGN ");

            assertEquals(List.of("set", "cake", "tins", "pantry", "design"),
                    words.stream().map(ProductText.Word::word).toList());
            assertEquals(List.of("set", "cake", "tin", "pantri", "design"),
                    words.stream().map(ProductText.Word::stem).toList());
        }
    }

    @Test
    void givenPluralsAndCodes_whenAnalysed_thenPluralsShareAStemAndCodesAreDropped() {
        try (ProductText text = new ProductText()) {
            assertEquals(text.words("HEART").getFirst().stem(), text.words("HEARTS").getFirst().stem());
            assertEquals(List.of("lights"), text.words("LIGHTS 20x 12V").stream().map(ProductText.Word::word)
                    .toList());
            assertTrue(text.words(null).isEmpty());
            assertTrue(text.words("  ").isEmpty());
        }
    }
}
