package io.segstream.stream.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.Test;

/**
 * Every store of the feature stage, the history store included, is changelogged: restore (a new instance, a lost
 * state directory) and standby replicas ({@code num.standby.replicas}) rebuild a store from its changelog only, so a
 * store without one would come back empty on another instance.
 */
class FeatureStoresTest {

    @Test
    void givenTheFeatureStores_whenListed_thenEachHasAChangelog() {
        Map<String, StoreBuilder<?>> builders = FeatureStores.builders().stream()
                .collect(Collectors.toMap(StoreBuilder::name, b -> b));

        assertEquals(Set.of(FeatureStores.CUSTOMER_STATE, FeatureStores.CUSTOMER_HISTORY, FeatureStores.PRODUCT_IDS,
                FeatureStores.META, FeatureStores.ERASURES, FeatureStores.INTERESTS,
                FeatureStores.LEGACY_ASSIGNMENTS), builders.keySet());
        builders.forEach((name, builder) -> assertTrue(builder.loggingEnabled(), name + " has a changelog"));
    }
}
