package io.segstream.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.segstream.app.demo.DemoPipeline;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.testing.TestData;
import io.segstream.trainer.schedule.Schedule;
import io.segstream.trainer.training.TrainingOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alert rules against a real Prometheus: the Debian {@code prometheus} binary scrapes the demo
 * pipeline's {@code /metrics} every second while the first months of Online Retail are replayed; then every PromQL
 * expression of deploy/grafana/dashboards/*.json and deploy/prometheus/rules/*.yml must return data (alert conditions
 * without their threshold), and every rule must be loaded and evaluated with health ok.
 */
@Tag("integration")
class PrometheusIT {

    private static final int LINES = 120_000;
    private static final Pattern THRESHOLD = Pattern.compile("^(.*?)\\s*(>=|<=|==|!=|>|<)\\s*[-+0-9.eE]+\\s*$",
            Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenDemoScrapedByPrometheus_whenDashboardAndAlertQueriesRun_thenEachReturnsData() throws Exception {
        Path prometheusBin = PrometheusBinaries.require("prometheus");
        long t0 = System.nanoTime();
        Path work = Files.createTempDirectory("segstream-prom-");
        Path data = head(work.resolve("online-retail-head.csv.gz"), LINES);
        SegstreamConfig base = SegstreamConfig.load(Optional.empty(), Map.of(
                SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()),
                SegstreamConfig.METRICS_PORT, "0",
                "commit.interval.ms", "200"));
        var options = new DemoPipeline.Options(data, 0, new Schedule(Duration.ofSeconds(3), 300),
                TrainingOptions.defaults().withNInit(2));
        try (DemoPipeline demo = DemoPipeline.start(work.resolve("demo"), base, options)) {
            int promPort = FreePorts.pick();
            Process prometheus = startPrometheus(prometheusBin, work, demo.metricsServer().port(), promPort);
            try {
                String api = "http://127.0.0.1:" + promPort;
                await(() -> get(api + "/-/ready").statusCode() == 200, Duration.ofSeconds(60), "prometheus ready");
                long invoices = demo.replay().get(3, TimeUnit.MINUTES).invoices();
                await(() -> demo.stream().counters().inputs() == invoices, Duration.ofMinutes(2), "stream caught up");
                await(() -> demo.stream().scoring().modelVersion() >= 1, Duration.ofMinutes(2), "a model in use");
                await(() -> !query(api, "segstream_drift_customers > 0").isEmpty()
                                && !query(api, "kafka_consumer_fetch_manager_records_lag").isEmpty()
                                && !query(api, "segstream_trainer_snapshot_customers > 0").isEmpty()
                                // increase() needs two samples of a series: the health counters' first ones
                                && !query(api, "increase(segstream_stream_thread_replacements_total[15m])").isEmpty()
                                && !query(api, "increase(segstream_input_lost_records_total[1h])").isEmpty(),
                        Duration.ofSeconds(90), "drift, lag, trainer and health series scraped");
                Thread.sleep(3_000);

                List<String> failures = new ArrayList<>();
                Set<String> expressions = dashboardExpressions();
                expressions.addAll(ruleExpressions());
                for (String expr : expressions) {
                    String runnable = unthresholded(grafanaVariables(expr));
                    if (query(api, runnable).isEmpty()) {
                        failures.add(runnable);
                    }
                }
                assertTrue(failures.isEmpty(), failures.size() + " of " + expressions.size()
                        + " expressions returned no data:\n" + String.join("\n", failures));
                assertRulesHealthy(api);
                System.out.printf(Locale.ROOT, "PrometheusIT: %d invoices replayed, %d expressions checked, "
                                + "%d segstream metric names, %.1f s%n", invoices, expressions.size(),
                        metricNames(api).size(), (System.nanoTime() - t0) / 1e9);
                System.out.println("segstream metrics: " + metricNames(api));
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    /** The first {@code lines} rows of the shipped Online Retail file, with its header. */
    private static Path head(Path target, int lines) throws IOException {
        Path source = Path.of(TestData.dataDir().toString(), "online-retail",
                "online_retail.csv.gz");
        try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(source)),
                StandardCharsets.UTF_8));
             var out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(target)),
                     StandardCharsets.UTF_8))) {
            String line;
            for (int i = 0; i <= lines && (line = in.readLine()) != null; i++) {
                out.write(line);
                out.write('\n');
            }
        }
        return target;
    }

    private static Process startPrometheus(Path bin, Path work, int metricsPort, int port) throws IOException {
        Path rules = PrometheusBinaries.deployDir().resolve("prometheus/rules");
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s/*.yml
                scrape_configs:
                  - job_name: segstream-demo
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(rules, metricsPort));
        Path log = work.resolve("prometheus.log");
        return new ProcessBuilder(bin.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Set<String> dashboardExpressions() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        try (var files = Files.list(PrometheusBinaries.deployDir().resolve("grafana/dashboards"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                collect(JSON.readTree(file.toFile()), "expr", out);
            }
        }
        assertTrue(out.size() >= 15, "dashboard expressions: " + out);
        return out;
    }

    private static Set<String> ruleExpressions() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        try (var files = Files.list(PrometheusBinaries.deployDir().resolve("prometheus/rules"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
                collect(new YAMLMapper().readTree(file.toFile()), "expr", out);
            }
        }
        assertTrue(out.size() >= 8, "rule expressions: " + out);
        return out;
    }

    private static void collect(JsonNode node, String field, Set<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals(field) && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), field, out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, field, out));
        }
    }

    /** Grafana's variables with the values a dashboard would use over the last few minutes. */
    static String grafanaVariables(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__range", "5m").replace("$service", ".*");
    }

    /** An alert or annotation condition without its comparison to a constant: the data it is decided on. */
    static String unthresholded(String expr) {
        Matcher m = THRESHOLD.matcher(expr.trim());
        return m.matches() ? m.group(1) : expr;
    }

    private JsonNode queryResult(String api, String expr) {
        try {
            HttpResponse<String> r = get(api + "/api/v1/query?query=" + URLEncoder.encode(expr,
                    StandardCharsets.UTF_8));
            JsonNode body = JSON.readTree(r.body());
            if (!"success".equals(body.path("status").asText())) {
                fail("query failed: " + expr + " -> " + r.body());
            }
            return body.path("data").path("result");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> query(String api, String expr) {
        List<JsonNode> out = new ArrayList<>();
        queryResult(api, expr).forEach(out::add);
        return out;
    }

    private Set<String> metricNames(String api) throws IOException {
        JsonNode names = JSON.readTree(get(api + "/api/v1/label/__name__/values").body()).path("data");
        Set<String> out = new TreeSet<>();
        names.forEach(n -> {
            if (n.asText().startsWith("segstream_")) {
                out.add(n.asText());
            }
        });
        return out;
    }

    private void assertRulesHealthy(String api) throws IOException {
        JsonNode groups = JSON.readTree(get(api + "/api/v1/rules").body()).path("data").path("groups");
        int rules = 0;
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                assertEquals("ok", rule.path("health").asText(), rule.toString());
                assertTrue(!rule.path("lastEvaluation").asText().startsWith("0001"), rule.toString());
            }
        }
        assertEquals(8, rules, "alert rules loaded");
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (IllegalStateException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
