package io.segstream.cli.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.segstream.testing.TestData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./segstream analyze} in its own process, as a user runs it, with no native BLAS or LAPACK in reach:
 * {@code LD_LIBRARY_PATH} is removed, and Smile is pointed at library names that do not exist
 * ({@code smile.lib.blas}, {@code smile.lib.lapack}), so a system OpenBLAS cannot stand in either. Every clustering
 * still runs, the Gaussian mixture included, and the JVM never loads Smile's native bindings
 * ({@code smile.linalg.blas}, {@code smile.linalg.lapack}, {@code smile.linalg.arpack}).
 */
@Tag("integration")
class AnalyzeWithoutNativeBlasIT {

    private static final Path ROOT = TestData.repositoryRoot();
    private static final Path TABLE = TestData.marketingCampaign();

    @TempDir
    Path work;

    @Test
    void givenNoNativeBlas_whenAnalyzing_thenEveryClusteringRunsAndNoNativeBindingIsLoaded() throws Exception {
        Path classes = work.resolve("classes.log");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("segstream").toString(), "analyze", "--input",
                TABLE.toString(), "--format", "attributes", "--out", work.resolve("out").toString())
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("analyze.out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("LD_LIBRARY_PATH");
        pb.environment().put("SEGSTREAM_JAVA_OPTS", "-Dsmile.lib.blas=segstream-absent-blas"
                + " -Dsmile.lib.lapack=segstream-absent-lapack -Xlog:class+load=info:file=" + classes);
        Process p = pb.start();
        p.getOutputStream().close();
        boolean exited = p.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(work.resolve("analyze.out"));
        assertTrue(exited, "analyze still running after 5 minutes:\n" + output);

        assertEquals(0, p.exitValue(), output);
        for (String word : List.of("error", "exception", "skipped", "failed")) {
            assertFalse(output.toLowerCase(Locale.ROOT).contains(word), word + " in:\n" + output);
        }
        JsonNode summary = new ObjectMapper().readTree(work.resolve("out/summary.json").toFile());
        JsonNode gmm = summary.get("gaussianMixture");
        assertTrue(gmm.get("bestK").asInt() >= 2, gmm.toString());
        assertEquals(5, gmm.get("perK").size(), gmm.toString());
        for (JsonNode k : gmm.get("perK")) {
            assertTrue(k.get("bic").isNumber(), k.toString());
            assertTrue(k.get("failure").isNull(), k.toString());
        }
        List<String> algorithms = new ArrayList<>();
        for (JsonNode a : summary.get("algorithms")) {
            algorithms.add(a.get("name").asText());
            assertTrue(a.get("clusters").asInt() >= 1, a.toString());
        }
        assertEquals(List.of("k-means", "Ward", "DBSCAN", "Gaussian mixture"), algorithms);

        List<String> loaded = Files.readAllLines(classes);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" smile.clustering.HierarchicalClustering ")),
                "class-load log has no Smile clustering: the check below would prove nothing");
        List<String> bindings = loaded.stream().filter(l -> l.contains(" smile.linalg.")).toList();
        assertEquals(List.of(), bindings);
    }
}
