package io.segstream.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the pandas + scikit-learn reference pipeline and reads its timings ({@code key_s=seconds} tokens). Without an
 * interpreter of choice, it takes the first of {@code /usr/bin/python3} and the {@code python3} commands on
 * {@code PATH} that imports both libraries. A missing script, interpreter or library is reported as skipped, in one
 * line that says how to install them, never as a failure of the benchmark.
 */
public final class Baseline {

    /** Where the shared reference script lives by default. */
    public static final Path DEFAULT_SCRIPT = Path.of(System.getProperty("segstream.home", "."), "bench",
            "baseline_sklearn.py");
    /** The interpreter that Debian's python3-pandas and python3-sklearn install for. */
    public static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");
    /** What to do when no interpreter has the reference's libraries. */
    public static final String INSTALL_HINT = "install them with 'apt-get install python3-pandas python3-sklearn' "
            + "(Debian, Ubuntu) or pass --python PATH to an interpreter that has them";
    private static final long CHECK_SECONDS = 60;

    private static final Pattern SECONDS = Pattern.compile("(\\w+)_s=([0-9.]+)");

    private Baseline() {
    }

    /**
     * The reference's outcome.
     *
     * @param ran whether it ran to the end
     * @param note why it was skipped, or the command that ran
     * @param seconds its timings by name ({@code load}, {@code features}, {@code kmeans_sweep}, {@code total}, ...)
     * @param wallSeconds wall time of the whole process, interpreter start included
     */
    public record Result(boolean ran, String note, Map<String, Double> seconds, double wallSeconds) {

        static Result skipped(String why) {
            return new Result(false, why, Map.of(), 0);
        }

        /** The script's own total ({@code total_s}), or the process wall time when it printed none. */
        public double totalSeconds() {
            return seconds.getOrDefault("total", wallSeconds);
        }
    }

    /**
     * Runs {@code python script data}, waiting at most {@code timeoutSeconds}.
     *
     * @param python the interpreter, or null to find one that has pandas and scikit-learn
     */
    public static Result run(Path python, Path script, Path data, long timeoutSeconds) {
        if (!Files.isRegularFile(script)) {
            return Result.skipped("reference script not found: " + script);
        }
        List<Path> candidates = python != null ? List.of(python) : defaultCandidates();
        String problems = "";
        Path found = null;
        for (Path candidate : candidates) {
            String problem = lacksLibraries(candidate);
            if (problem == null) {
                found = candidate;
                break;
            }
            problems += (problems.isEmpty() ? "" : "; ") + candidate + ": " + problem;
        }
        if (found == null) {
            return Result.skipped("no Python with pandas and scikit-learn (" + (problems.isEmpty() ? "no python3"
                    : problems) + "): " + INSTALL_HINT);
        }
        return runWith(found, script, data, timeoutSeconds);
    }

    /** {@code /usr/bin/python3}, then every {@code python3} on {@code PATH}, each once. */
    static List<Path> defaultCandidates() {
        List<Path> candidates = new ArrayList<>();
        candidates.add(DEFAULT_PYTHON);
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, "python3");
                if (Files.isExecutable(p) && !candidates.contains(p)) {
                    candidates.add(p);
                }
            }
        }
        return candidates;
    }

    /** Why {@code python} cannot run the reference, or null when it imports pandas and scikit-learn. */
    static String lacksLibraries(Path python) {
        if (!Files.isExecutable(python)) {
            return "not found";
        }
        ProcessBuilder check = new ProcessBuilder(python.toString(), "-c", "import pandas, sklearn")
                .redirectErrorStream(true);
        try {
            Process process = check.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(CHECK_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "import check did not finish within " + CHECK_SECONDS + " s";
            }
            return process.exitValue() == 0 ? null : output.isBlank() ? "exit " + process.exitValue()
                    : lastLine(output);
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Result runWith(Path python, Path script, Path data, long timeoutSeconds) {
        ProcessBuilder builder = new ProcessBuilder(python.toString(), script.toString(), data.toString())
                .redirectErrorStream(true);
        long start = System.nanoTime();
        StringBuilder output = new StringBuilder();
        try {
            Process process = builder.start();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.append(line).append('\n');
                }
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Result.skipped("reference did not finish within " + timeoutSeconds + " s");
            }
            double wall = (System.nanoTime() - start) / 1e9;
            if (process.exitValue() != 0) {
                return Result.skipped("reference failed (exit " + process.exitValue() + "; pandas or scikit-learn "
                        + "missing?): " + lastLine(output));
            }
            return new Result(true, String.join(" ", builder.command()), parse(output.toString()), wall);
        } catch (IOException e) {
            return Result.skipped("cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.skipped("interrupted");
        }
    }

    /** The {@code name_s=seconds} tokens of the reference's output, in order. */
    static Map<String, Double> parse(String output) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Matcher m = SECONDS.matcher(output);
        while (m.find()) {
            seconds.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return seconds;
    }

    private static String lastLine(CharSequence output) {
        String[] lines = output.toString().strip().split("\n");
        return lines[lines.length - 1];
    }
}
