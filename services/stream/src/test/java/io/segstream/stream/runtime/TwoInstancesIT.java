package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.devstack.FreePorts;
import io.segstream.stream.testing.Replay;
import io.segstream.stream.testing.TestModels;
import io.segstream.testing.PlainRetailFeatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the stream app share 4 partitions: the query API of either answers for any customer (forwarding
 * to the owner), and the totals equal the plain batch computation.
 */
@Tag("integration")
class TwoInstancesIT {

    private static EmbeddedStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    private static SegstreamConfig instance(int apiPort) throws Exception {
        return stack.configure(SegstreamConfig.load(Optional.empty(), Map.of(
                SegstreamConfig.APPLICATION_ID, "segstream-two",
                SegstreamConfig.PARTITIONS, "4",
                SegstreamConfig.API_PORT, String.valueOf(apiPort),
                "state.dir", Files.createTempDirectory("segstream-state-").toString(),
                "commit.interval.ms", "200",
                // The token is QueryServerSecurityTest's subject; here, the gathering across instances.
                "segstream.api.open", "true",
                "segstream.api.max-page", "10000")));
    }

    @Test
    void givenTwoInstances_whenQueried_thenEitherAnswersEveryCustomerWithBatchTotals() throws Exception {
        SegstreamConfig a = instance(FreePorts.pick());
        SegstreamConfig b = instance(FreePorts.pick());
        stack.createTopics(a.topics().all());
        int invoices = Replay.produceAll(stack, a.topics().invoices().name(), Replay.onlineRetail());
        PlainRetailFeatures expected = PlainRetailFeatures.compute(Replay.onlineRetail());

        try (StreamApp first = StreamApp.start(a); StreamApp second = StreamApp.start(b)) {
            first.awaitRunning(Duration.ofSeconds(60));
            second.awaitRunning(Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (first.counters().inputs() + second.counters().inputs() < invoices
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(invoices, first.counters().inputs() + second.counters().inputs());
            assertTrue(first.counters().inputs() > 0 && second.counters().inputs() > 0,
                    "both instances must own partitions");

            Map<String, Integer> servedBy = new HashMap<>();
            for (var entry : expected.customers.entrySet()) {
                JsonNode viaFirst = get(first.apiPort(), entry.getKey());
                JsonNode viaSecond = get(second.apiPort(), entry.getKey());
                assertEquals(viaFirst, viaSecond, "customer " + entry.getKey());
                JsonNode f = viaFirst.get("features");
                PlainRetailFeatures.Totals t = entry.getValue();
                assertEquals(t.invoices.size(), f.get("frequency").asInt(), entry.getKey());
                assertEquals(t.monetary.doubleValue(), f.get("monetary").asDouble(), 1e-9, entry.getKey());
                assertEquals(t.products.size(), f.get("uniqueProducts").asInt(), entry.getKey());
                assertEquals(t.last, f.get("lastPurchaseMillis").asLong(), entry.getKey());
                servedBy.merge(viaFirst.get("servedBy").asText(), 1, Integer::sum);
            }
            assertEquals(2, servedBy.size(), servedBy.toString());
            assertEquals(expected.customers.size(), servedBy.values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(404, status(first.apiPort(), "no-such-customer"));

            // A model with two segments by monetary alone: "Low" around 0, "High" around 2,000.
            publishModel(a);
            long customers = expected.customers.size();
            long deadlineScoring = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (first.scoring().changes() + second.scoring().changes() < customers
                    && System.nanoTime() < deadlineScoring) {
                Thread.sleep(200);
            }
            long high = expected.customers.values().stream()
                    .filter(t -> t.monetary.doubleValue() > 1000.0).count();
            JsonNode viaFirst = json.readTree(body(first.apiPort(), "/customers?segment=High&limit=10000"));
            JsonNode viaSecond = json.readTree(body(second.apiPort(), "/customers?segment=2&limit=10000"));
            assertEquals(high, viaFirst.get("count").asLong());
            assertEquals(viaFirst.get("customers"), viaSecond.get("customers"));
            assertTrue(viaFirst.get("next").isNull(), "one page holds them all");

            // Pages of 7 through alternating instances, each from the previous page's cursor: the same customers in
            // the same order, each once.
            List<JsonNode> paged = new ArrayList<>();
            String after = null;
            int pages = 0;
            do {
                int port = pages % 2 == 0 ? first.apiPort() : second.apiPort();
                JsonNode page = json.readTree(body(port, "/customers?segment=High&limit=7"
                        + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8))));
                page.get("customers").forEach(paged::add);
                assertTrue(page.get("count").asInt() <= 7);
                after = page.get("next").isNull() ? null : page.get("next").asText();
                pages++;
            } while (after != null);
            List<JsonNode> all = new ArrayList<>();
            viaFirst.get("customers").forEach(all::add);
            assertEquals(all, paged);
            assertTrue(pages >= high / 7, pages + " pages for " + high);
            String someone = viaFirst.get("customers").get(0).get("customerId").asText();
            assertEquals("High", get(second.apiPort(), someone).get("segment").get("segmentName").asText());
            assertEquals(List.of(200, 200), List.of(status(first.apiPort(), null), status(second.apiPort(), null)));
        }
    }

    private static void publishModel(SegstreamConfig config) {
        Replay.publishModel(stack, config.topics().models().name(), TestModels.identity(1, List.of("monetary"),
                new int[] {1, 2}, new String[] {"Low", "High"}, new double[][] {{0.0}, {2000.0}}));
    }

    private String body(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private JsonNode get(int port, String customer) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/customers/" + customer)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    private int status(int port, String customer) throws Exception {
        String path = customer == null ? "/health" : "/customers/" + customer;
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
