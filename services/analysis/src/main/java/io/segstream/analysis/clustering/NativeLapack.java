package io.segstream.analysis.clustering;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether Smile can reach native LAPACK in this JVM. Smile 6.3.0 opens the library by name on first use of a
 * routine ({@code System.mapLibraryName} of the {@code smile.lib.lapack} property, {@code openblas} by default) and
 * fails with an {@link ExceptionInInitializerError} when the dynamic linker cannot find it. The build ships
 * Bytedeco's OpenBLAS in {@code target/native}, and {@code ./segstream} and the test JVMs put that directory on
 * {@code LD_LIBRARY_PATH}; elsewhere this probe tells the caller, so a step that needs LAPACK (the Gaussian
 * mixture) is skipped with the reason instead of crashing.
 */
public final class NativeLapack {

    /** The system property Smile reads for the library's name. */
    public static final String LIBRARY_PROPERTY = "smile.lib.lapack";

    private static final Optional<String> PROBLEM = probe(libraryName());

    private NativeLapack() {
    }

    /** @return why native LAPACK cannot be used here, empty when it can */
    public static Optional<String> unavailable() {
        return PROBLEM;
    }

    /** @return the file name Smile asks the dynamic linker for, e.g. {@code libopenblas.so} */
    public static String libraryName() {
        String os = System.getProperty("os.name", "linux").toLowerCase(Locale.ROOT);
        String fallback = os.startsWith("windows") ? "libopenblas" : "openblas";
        return System.mapLibraryName(System.getProperty(LIBRARY_PROPERTY, fallback));
    }

    static Optional<String> probe(String file) {
        try {
            // The same lookup Smile makes; the library stays loaded, so Smile's own lookup finds it again.
            SymbolLookup lookup = SymbolLookup.libraryLookup(file, Arena.global());
            if (lookup.find("dgetrf_").isEmpty()) {
                return Optional.of(file + " has no LAPACK routines (dgetrf_ missing)");
            }
            return Optional.empty();
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return Optional.of("no native " + file + " found (" + e.getMessage() + "); ./segstream and the "
                    + "tests bring one in target/native: put that directory on LD_LIBRARY_PATH, or install OpenBLAS");
        }
    }
}
