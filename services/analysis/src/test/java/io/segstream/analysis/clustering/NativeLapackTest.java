package io.segstream.analysis.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import smile.linalg.UPLO;
import smile.tensor.DenseMatrix;

/**
 * Which LAPACK Smile runs on: the copy of Bytedeco's OpenBLAS that the build unpacked into {@code target/native}
 * (system property {@code segstream.native.dir}), never one under {@code /usr/lib}, and a clear reason where none
 * can be found.
 */
class NativeLapackTest {

    @Test
    void givenTheBuildsOpenBlas_whenSmileFactorsAMatrix_thenThisJvmMapsOnlyThatCopy() throws IOException {
        Path expected = Path.of(System.getProperty("segstream.native.dir")).toRealPath();

        assertEquals(Optional.empty(), NativeLapack.unavailable());
        double det = DenseMatrix.of(new double[][] {{4, 2}, {2, 3}}).withUplo(UPLO.LOWER).cholesky().det();

        assertEquals(8.0, det, 1e-12);
        List<Path> mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains("libopenblas"))
                .map(line -> Path.of(line.substring(line.indexOf('/'))))
                .distinct().toList();
        assertFalse(mapped.isEmpty(), "no libopenblas mapped");
        for (Path p : mapped) {
            assertEquals(expected, p.getParent(), "OpenBLAS mapped from " + p);
            assertFalse(p.startsWith("/usr/lib"), p.toString());
        }
    }

    @Test
    void givenALibraryNameNobodyHas_whenProbed_thenTheReasonNamesItAndTheRemedy() {
        Optional<String> problem = NativeLapack.probe("libsegstream-no-such-lapack.so");

        assertTrue(problem.isPresent());
        assertTrue(problem.get().startsWith("no native libsegstream-no-such-lapack.so found"), problem.get());
        assertTrue(problem.get().contains("LD_LIBRARY_PATH"), problem.get());
    }

    @Test
    void givenTheDefaultProperty_whenNamed_thenSmilesLinuxFileName() {
        assertEquals("libopenblas.so", NativeLapack.libraryName());
    }
}
