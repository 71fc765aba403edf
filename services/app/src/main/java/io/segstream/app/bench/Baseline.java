package io.segstream.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the pandas + scikit-learn reference pipeline and reads its timings ({@code key_s=seconds} tokens). A missing
 * script, interpreter or library is reported as skipped, never as a failure of the benchmark.
 */
public final class Baseline {

    /** Where the shared reference script lives by default. */
    public static final Path DEFAULT_SCRIPT = Path.of(System.getProperty("segstream.home", "."), "bench",
            "baseline_sklearn.py");
    /** The interpreter that has pandas and scikit-learn. */
    public static final Path DEFAULT_PYTHON = Path.of("/usr/bin/python3");

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

    /** Runs {@code python script data}, waiting at most {@code timeoutSeconds}. */
    public static Result run(Path python, Path script, Path data, long timeoutSeconds) {
        if (!Files.isRegularFile(script)) {
            return Result.skipped("reference script not found: " + script);
        }
        if (!Files.isExecutable(python)) {
            return Result.skipped("python not found: " + python);
        }
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
