package io.segstream.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** deploy/prometheus checked by the real promtool: the scrape config, the alert rules and their unit tests. */
@Tag("integration")
class PromtoolIT {

    private final Path promtool = PrometheusBinaries.require("promtool");
    private final Path dir = PrometheusBinaries.deployDir().resolve("prometheus");

    @Test
    void givenScrapeConfig_whenChecked_thenValid() throws Exception {
        run("check", "config", "prometheus.yml");
    }

    @Test
    void givenAlertRules_whenChecked_thenValid() throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        args.addAll(files("rules"));
        run(args.toArray(String[]::new));
    }

    @Test
    void givenAlertRuleUnitTests_whenRun_thenAllPass() throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        args.addAll(files("tests"));
        run(args.toArray(String[]::new));
    }

    private List<String> files(String sub) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(sub))) {
            List<String> files = s.filter(p -> p.toString().endsWith(".yml")).map(p -> dir.relativize(p).toString())
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalStateException("no .yml files in " + dir.resolve(sub));
            }
            return files;
        }
    }

    private void run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
    }
}
