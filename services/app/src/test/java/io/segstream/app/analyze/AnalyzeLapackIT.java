package io.segstream.app.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.segstream.testing.TestData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./segstream analyze} in its own process, as a user runs it: the launcher finds the OpenBLAS the build
 * brought, so the Gaussian mixture runs; where no LAPACK can be found, the report skips the mixture with the
 * reason, and the command still succeeds.
 */
@Tag("integration")
class AnalyzeLapackIT {

    private static final Path ROOT = TestData.repositoryRoot();
    private static final Path TABLE = TestData.marketingCampaign();

    @TempDir
    Path work;

    @Test
    void givenTheLauncher_whenAnalyzing_thenTheGaussianMixtureRunsOnTheBundledOpenBlas() throws Exception {
        Run run = analyze(null);

        assertEquals(0, run.exit(), run.output());
        assertFalse(run.output().contains("skipped"), run.output());
        JsonNode gmm = run.summary().get("gaussianMixture");
        assertTrue(gmm.get("bestK").asInt() >= 2, gmm.toString());
        assertFalse(gmm.has("skipped"), gmm.toString());
    }

    @Test
    void givenNoLapackToBeFound_whenAnalyzing_thenOneLineSaysSoAndTheReportSkipsTheMixture() throws Exception {
        Run run = analyze("-Dsmile.lib.lapack=segstream-missing-lapack");

        assertEquals(0, run.exit(), run.output());
        List<String> lines = run.output().lines().filter(l -> l.contains("Gaussian mixture skipped")).toList();
        assertEquals(1, lines.size(), run.output());
        assertTrue(lines.getFirst().contains("no native libsegstream-missing-lapack.so found"), lines.getFirst());
        assertFalse(run.output().contains("ExceptionInInitializerError"), run.output());
        assertTrue(run.summary().get("gaussianMixture").get("skipped").asText()
                .startsWith("no native libsegstream-missing-lapack.so"), run.summary().toString());
        String html = Files.readString(work.resolve("out/report.html"));
        assertTrue(html.contains("Skipped: no native libsegstream-missing-lapack.so found"), "report lacks reason");
    }

    private record Run(int exit, String output, JsonNode summary) {
    }

    private Run analyze(String javaOpts) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("segstream").toString(), "analyze", "--input",
                TABLE.toString(), "--format", "attributes", "--out", work.resolve("out").toString())
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("analyze.out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("LD_LIBRARY_PATH");
        if (javaOpts != null) {
            pb.environment().put("SEGSTREAM_JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        boolean exited = p.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(work.resolve("analyze.out"));
        assertTrue(exited, "analyze still running after 5 minutes:\n" + output);
        Path summary = work.resolve("out/summary.json");
        JsonNode json = Files.exists(summary) ? new ObjectMapper().readTree(summary.toFile()) : null;
        return new Run(p.exitValue(), output, json);
    }
}
