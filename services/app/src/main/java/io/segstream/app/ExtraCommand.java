package io.segstream.app;

/**
 * A picocli {@code @Command} that another module adds to the {@code segstream} command line, listed in that module's
 * {@code META-INF/services/io.segstream.app.ExtraCommand}: the benchmarks live in services/bench, which depends on
 * this module, and are found on the class path of the full command line and the demo image only.
 */
public interface ExtraCommand {
}
