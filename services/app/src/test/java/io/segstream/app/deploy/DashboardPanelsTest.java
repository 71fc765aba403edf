package io.segstream.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the overview dashboard's panels say and draw: each says what it shows; segment sizes are the console's
 * series (customers per segment, stacked, not shares); the moves a model update made are drawn apart from the
 * customers' own.
 */
class DashboardPanelsTest {

    private static final Path DASHBOARD = TestData.repositoryRoot().resolve("deploy/grafana/dashboards/segstream.json");
    private static JsonNode panels;

    @BeforeAll
    static void read() throws IOException {
        panels = new ObjectMapper().readTree(DASHBOARD.toFile()).get("panels");
    }

    @Test
    void givenTheOverviewDashboard_whenItsPanelsAreRead_thenEachSaysWhatItShows() {
        List<String> silent = new ArrayList<>();
        panels.forEach(p -> {
            if (p.path("description").asText("").isBlank()) {
                silent.add(p.path("title").asText());
            }
        });
        assertEquals(List.of(), silent, "panels without a description");
    }

    @Test
    void givenTheSizesPanel_whenRead_thenItStacksCustomersPerSegmentLikeTheConsole() {
        List<JsonNode> sizes = panelsQuerying("segstream_segment_customers");
        assertEquals(1, sizes.size(), "one panel draws the segment sizes");
        JsonNode panel = sizes.getFirst();
        assertEquals("sum by (segment, name) (segstream_segment_customers{service=~\"$service\"})",
                panel.at("/targets/0/expr").asText(), "one series per segment, as the console draws");
        assertEquals("normal", panel.at("/fieldConfig/defaults/custom/stacking/mode").asText(),
                "stacked customers, so the total is the assigned customers (shares would hide a dip)");
        assertTrue(panel.path("description").asText().contains("console"), "it names the console's chart");
    }

    @Test
    void givenTheTransitionPanels_whenRead_thenModelUpdatesAreDrawnApartFromCustomersOwnMoves() {
        List<JsonNode> transitions = panelsQuerying("segstream_segment_transitions_total");
        List<String> exprs = transitions.stream().map(p -> p.at("/targets/0/expr").asText()).toList();
        assertTrue(exprs.stream().anyMatch(e -> e.contains("cause!=\"MODEL_UPDATE\"")), exprs.toString());
        assertTrue(exprs.stream().anyMatch(e -> e.contains("cause=\"MODEL_UPDATE\"")), exprs.toString());
        assertFalse(exprs.stream().anyMatch(e -> !e.contains("MODEL_UPDATE")), "no panel mixes the two: " + exprs);
        List<String> changes = new ArrayList<>();
        panelsQuerying("segstream_segment_changes_total").forEach(p -> p.get("targets").forEach(t -> {
            if (t.path("expr").asText().contains("segstream_segment_changes_total")) {
                changes.add(t.path("expr").asText());
            }
        }));
        assertEquals(2, changes.size(), changes.toString());
        assertTrue(changes.stream().allMatch(e -> e.contains("MODEL_UPDATE")), changes.toString());
    }

    @Test
    void givenTheDriftPanels_whenRead_thenTheyNameTheModelVersionTheirCountsBelongTo() {
        assertFalse(panelsQuerying("segstream_drift_model_version").isEmpty(), "a panel shows the drift's model");
        assertFalse(panelsQuerying("segstream_model_rescore_progress").isEmpty(), "a panel shows the pass");
    }

    private static List<JsonNode> panelsQuerying(String metric) {
        List<JsonNode> out = new ArrayList<>();
        panels.forEach(p -> {
            boolean queries = false;
            for (JsonNode t : p.path("targets")) {
                queries |= t.path("expr").asText().contains(metric);
            }
            if (queries) {
                out.add(p);
            }
        });
        return out;
    }
}
