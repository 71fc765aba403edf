package io.segstream.app.bench;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** {@code segstream bench latency}: end-to-end latency at fixed invoice rates. */
@Command(name = "latency", mixinStandardHelpOptions = true)
public final class LatencyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 1;
    }
}
