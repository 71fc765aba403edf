package io.segstream.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segstream.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboards of {@code deploy/grafana/dashboards}, type-checked against Grafana's own published
 * dashboard types without a Grafana server: each dashboard becomes
 * {@code export const dashboard: ProvisionedDashboard = <the JSON>;} (the type is in
 * {@code deploy/grafana/typecheck/dashboard.ts}, built from npm {@code @grafana/schema}) and is compiled with
 * {@code tsc --noEmit --strict}. TypeScript's excess-property check on object literals rejects a field the schema
 * does not know; a value of the wrong type or outside an enum is rejected too. Both npm packages are pinned with
 * their registry integrity in {@code deploy/grafana/typecheck/npm-packages.json}; TypeScript 7's compiler is a native
 * executable, so the check needs no Node.js, only the npm registry once (then {@code ~/.cache/segstream/npm}).
 */
class GrafanaDashboardSchemaTest {

    private static final Path ROOT = TestData.repositoryRoot();
    private static final Path DASHBOARDS = ROOT.resolve("deploy/grafana/dashboards");
    private static final Path TYPECHECK = ROOT.resolve("deploy/grafana/typecheck");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** tsc's {@code --pretty false} diagnostic: {@code file.ts(line,column): error TS1234: message}. */
    private static final Pattern DIAGNOSTIC = Pattern.compile("^(.+?)\\((\\d+),(\\d+)\\): error (TS\\d+): (.*)$");
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    static Path work;
    private static Path tsc;

    @BeforeAll
    static void unpackSchemaAndCompiler() {
        NpmTarballs npm = NpmTarballs.load(TYPECHECK.resolve("npm-packages.json"), NpmTarballs.defaultCache());
        npm.unpack("@grafana/schema", work.resolve("node_modules/@grafana/schema"));
        String compiler = "@typescript/typescript-" + NpmTarballs.platform();
        Path unpacked = npm.unpack(compiler, work.resolve("typescript"));
        tsc = unpacked.resolve(NpmTarballs.platform().startsWith("win32") ? "lib/tsc.exe" : "lib/tsc");
        assertTrue(Files.isExecutable(tsc), compiler + " holds no executable " + tsc);
    }

    @Test
    void givenProvisionedDashboards_whenTypeCheckedAgainstGrafanasSchema_thenTscReportsNothing() throws Exception {
        Map<String, String> dashboards = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                dashboards.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        assertFalse(dashboards.isEmpty(), "no dashboard in " + DASHBOARDS);

        List<Diagnostic> diagnostics = typeCheck(dashboards);

        assertEquals(List.of(), diagnostics.stream().map(Diagnostic::toString).toList());
    }

    @Test
    void givenMisspeltFieldsWrongTypesAndUnknownValues_whenTypeChecked_thenEachCopyIsRejectedNamingTheField()
            throws Exception {
        Map<String, String> copies = new LinkedHashMap<>();
        copies.put("dashboard-titel.json", edited(d -> d.set("titel", d.remove("title"))));
        copies.put("panel-titel.json", edited(d -> {
            ObjectNode panel = (ObjectNode) d.path("panels").path(0);
            panel.set("titel", panel.remove("title"));
        }));
        copies.put("refresh-number.json", edited(d -> d.put("refresh", 5)));
        copies.put("gridpos-string.json", edited(d -> ((ObjectNode) d.path("panels").path(0).path("gridPos"))
                .put("w", "4")));
        copies.put("thresholds-mode.json", edited(d -> ((ObjectNode) firstThresholds(d)).put("mode", "absolut")));
        copies.put("variable-type.json", edited(d -> ((ObjectNode) d.path("templating").path("list").path(0))
                .put("type", "querry")));
        copies.put("annotation-legacy-expr.json", edited(d -> ((ObjectNode) d.path("annotations").path("list")
                .path(1)).put("expr", "up")));
        copies.put("panel-type.json", edited(d -> ((ObjectNode) d.path("panels").path(0)).put("type", "timeseris")));
        copies.put("custom-fillopacity.json", edited(d -> {
            ObjectNode custom = (ObjectNode) firstCustom(d);
            custom.set("fillOpacty", custom.remove("fillOpacity"));
        }));
        copies.put("custom-stacking-mode.json", edited(d -> ((ObjectNode) firstCustom(d).path("stacking"))
                .put("mode", "percnt")));
        Map<String, String> field = Map.ofEntries(Map.entry("dashboard-titel.json", "titel"),
                Map.entry("panel-titel.json", "titel"), Map.entry("refresh-number.json", "refresh"),
                Map.entry("gridpos-string.json", "\"w\""), Map.entry("thresholds-mode.json", "mode"),
                Map.entry("variable-type.json", "type"), Map.entry("annotation-legacy-expr.json", "expr"),
                Map.entry("panel-type.json", "timeseris"), Map.entry("custom-fillopacity.json", "fillOpacty"),
                Map.entry("custom-stacking-mode.json", "percnt"));

        List<Diagnostic> diagnostics = typeCheck(copies);

        diagnostics.forEach(System.out::println);
        for (String copy : copies.keySet()) {
            List<Diagnostic> own = diagnostics.stream().filter(d -> d.file().equals(copy)).toList();
            assertFalse(own.isEmpty(), copy + " passed the type check; all diagnostics: " + diagnostics);
            assertTrue(own.stream().anyMatch(d -> d.source().contains(field.get(copy))),
                    copy + ": no diagnostic on the line of " + field.get(copy) + ": " + own);
        }
        Diagnostic titel = diagnostics.stream().filter(d -> d.file().equals("panel-titel.json")).findFirst()
                .orElseThrow();
        assertEquals("TS2353", titel.code(), titel.toString());
        assertTrue(titel.message().contains("'\"titel\"' does not exist"), titel.toString());
    }

    @Test
    void givenADownloadThatDoesNotMatchItsPin_whenVerified_thenItIsRefused(@TempDir Path tmp) throws IOException {
        Path lock = tmp.resolve("lock.json");
        Path tampered = tmp.resolve("cache/@grafana+schema-12.1.0.tgz");
        Files.createDirectories(tampered.getParent());
        Files.writeString(tampered, "not the package");
        Files.writeString(lock, """
                {"@grafana/schema": {"version": "12.1.0", "tarball": "http://127.0.0.1:9/unreachable.tgz",
                 "integrity": "%s"}}""".formatted(NpmTarballs.load(TYPECHECK.resolve("npm-packages.json"),
                tmp).pin("@grafana/schema").integrity()));
        NpmTarballs npm = NpmTarballs.load(lock, tmp.resolve("cache"));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> npm.tarball("@grafana/schema"));

        assertFalse(Files.exists(tampered), "the cached file that fails its integrity is dropped");
        assertTrue(refused.getMessage().contains("127.0.0.1:9"), refused.getMessage());
        assertEquals("sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==",
                NpmTarballs.integrity(writeEmpty(tmp)), "npm's integrity format: sha512- and base64");
    }

    // --- the check --------------------------------------------------------------------------------------------------

    /** A tsc error mapped back to the JSON file: its line and column there, and that line's text. */
    record Diagnostic(String file, int line, int column, String code, String message, String source) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + code + " " + message + "\n    " + source.strip();
        }
    }

    /**
     * Compiles each named dashboard JSON as an object literal of type ProvisionedDashboard, in one tsc run, and
     * returns tsc's errors mapped back to the JSON files.
     */
    private static List<Diagnostic> typeCheck(Map<String, String> dashboards) throws Exception {
        Path dir = work.resolve("check-" + RUNS.incrementAndGet());
        Files.createDirectories(dir);
        Files.copy(TYPECHECK.resolve("dashboard.ts"), dir.resolve("dashboard.ts"));
        String header = "import type { ProvisionedDashboard } from './dashboard';\n"
                + "export const dashboard: ProvisionedDashboard = ";
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> command = new ArrayList<>(List.of(tsc.toString(), "--noEmit", "--strict", "--pretty", "false",
                "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck"));
        for (Map.Entry<String, String> dashboard : dashboards.entrySet()) {
            String ts = dashboard.getKey().replaceAll("\\.json$", "") + ".ts";
            Files.writeString(dir.resolve(ts), header + dashboard.getValue().strip() + ";\n", StandardCharsets.UTF_8);
            sources.put(ts, dashboard.getKey());
            command.add(ts);
        }

        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("tsc did not finish within 120 s");
        }

        int headerLines = (int) header.chars().filter(c -> c == '\n').count();
        int headerLastLine = header.length() - header.lastIndexOf('\n') - 1;
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (String line : output.split("\\R")) {
            Matcher m = DIAGNOSTIC.matcher(line);
            if (m.matches()) {
                String json = sources.get(m.group(1));
                if (json == null) {
                    fail("tsc reports an error outside the dashboards (dashboard.ts or the schema?):\n" + output);
                }
                int tsLine = Integer.parseInt(m.group(2));
                int column = Integer.parseInt(m.group(3));
                int jsonLine = tsLine - headerLines;
                if (jsonLine == 1) {
                    column -= headerLastLine;
                }
                String[] lines = dashboards.get(json).strip().split("\\R", -1);
                String source = jsonLine >= 1 && jsonLine <= lines.length ? lines[jsonLine - 1] : "";
                diagnostics.add(new Diagnostic(json, jsonLine, column, m.group(4), m.group(5), source));
            } else if (line.startsWith(" ") && !diagnostics.isEmpty()) {
                Diagnostic last = diagnostics.removeLast();
                diagnostics.add(new Diagnostic(last.file(), last.line(), last.column(), last.code(),
                        last.message() + "\n  " + line.strip(), last.source()));
            } else if (!line.isBlank()) {
                fail("unexpected tsc output (exit " + process.exitValue() + "):\n" + output);
            }
        }
        if (diagnostics.isEmpty() && process.exitValue() != 0) {
            fail("tsc failed (exit " + process.exitValue() + ") without a diagnostic:\n" + output);
        }
        return diagnostics;
    }

    // --- dashboards -------------------------------------------------------------------------------------------------

    /** The shipped dashboard with one change, pretty-printed (one field per line, so errors point at it). */
    private static String edited(Consumer<ObjectNode> change) throws IOException {
        ObjectNode dashboard = (ObjectNode) JSON.readTree(DASHBOARDS.resolve("segstream.json").toFile());
        change.accept(dashboard);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(dashboard);
    }

    private static JsonNode firstThresholds(ObjectNode dashboard) {
        for (JsonNode panel : dashboard.path("panels")) {
            JsonNode thresholds = panel.path("fieldConfig").path("defaults").path("thresholds");
            if (thresholds.isObject()) {
                return thresholds;
            }
        }
        return fail("no panel with thresholds");
    }

    /** The first panel's fieldConfig.defaults.custom that has a fillOpacity (a time series). */
    private static JsonNode firstCustom(ObjectNode dashboard) {
        for (JsonNode panel : dashboard.path("panels")) {
            JsonNode custom = panel.path("fieldConfig").path("defaults").path("custom");
            if (custom.has("fillOpacity")) {
                return custom;
            }
        }
        return fail("no panel with a custom fillOpacity");
    }

    private static Path writeEmpty(Path tmp) throws IOException {
        return Files.write(tmp.resolve("empty"), new byte[0]);
    }
}
