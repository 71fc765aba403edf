package io.segstream.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segstream.server.cli.DurationConverter;
import io.segstream.trainer.cycle.CycleResult;
import io.segstream.trainer.training.TrainingOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code segstream bench trainer}: one training cycle on a snapshot of N customers, its heap and phase times. */
@Command(name = "trainer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes N synthetic customers to the compacted features topic of an embedded broker (or "
                + "--bootstrap-servers), as the stream writes them, unless the topic holds them already (only on "
                + "--bootstrap-servers: the embedded broker and registry are deleted when the run ends), then runs "
                + "one training cycle in this JVM and prints its phase times and the largest "
                + "heap used after a collection. Above segstream.trainer.sample-above customers the trainer fits a "
                + "sample; run with the heap the trainer gets, e.g. JAVA_OPTS=-Xmx2g.")
public final class TrainerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchCommand.Shared shared;

    @Option(names = "--customers", paramLabel = "N", required = true, description = "Customers in the snapshot.")
    long customers;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "An existing broker instead of an embedded one; its registry from -D schema.registry.url.")
    String bootstrapServers;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2h", converter = DurationConverter.class,
            description = "Longest the snapshot read or the publish may take. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        TrainerBench.Options options;
        try {
            options = new TrainerBench.Options(customers, Optional.ofNullable(bootstrapServers), timeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // The embedded broker deletes its data on close; a temporary work directory goes too, nothing in it is reused.
        boolean temporary = shared.workDir == null;
        TrainerBench.Result result = TrainerBench.run(shared.config(), shared.workDir(), temporary, options,
                spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.print(table(result));
        out.flush();
        shared.write(json(result));
        return 0;
    }

    static String table(TrainerBench.Result r) {
        CycleResult c = r.cycle();
        TextTable table = new TextTable("customers", "sampled", "heap peak", "read", "sample", "fit", "publish",
                "cycle", "published");
        table.row(String.format("%,d", r.customers()), String.format("%,d", c.snapshot().size()),
                String.format("%,d MB", r.heapPeakBytes() >> 20), seconds(readMillis(c)), seconds(c.sampleMillis()),
                seconds(c.trainMillis()), seconds(c.publishMillis()), String.format("%.1f s", r.cycleSeconds()),
                String.valueOf(c.published()));
        String outcome = switch (c.outcome()) {
            case TrainingOutcome.Trained t -> String.format("k=%d, silhouette %.4f, fitted on %,d, estimated %,d "
                    + "customers", t.model().getChosenK(), t.model().getSilhouette(), t.model().getSampleSize(),
                    t.model().getCustomerCount());
            case TrainingOutcome.Refused f -> "refused " + f.reason() + ": " + f.detail();
        };
        return table + outcome + String.format("%n%s; heap after the cycle (its result held) %,d MB; heap limit "
                + "%,d MB; %d collections in the cycle; %s%n",
                r.produced() ? String.format("written in %.1f s", r.produceSeconds()) : "topic reused",
                r.heapAfterBytes() >> 20, r.heapMaxBytes() >> 20, r.collections(), r.settings());
    }

    /** The snapshot's fetching and decoding, and reading the model in force: the snapshot time less the sampling. */
    static long readMillis(CycleResult c) {
        return c.snapshotMillis() - c.sampleMillis();
    }

    private static String seconds(long millis) {
        return String.format("%.1f s", millis / 1000.0);
    }

    static ObjectNode json(TrainerBench.Result r) {
        CycleResult c = r.cycle();
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("customers", r.customers()).put("heap_peak_bytes", r.heapPeakBytes())
                .put("heap_after_cycle_bytes", r.heapAfterBytes()).put("heap_max_bytes", r.heapMaxBytes())
                .put("gc_collections", r.collections())
                .put("seconds", r.cycleSeconds()).put("published", c.published())
                .put("produced", r.produced()).put("produce_seconds", r.produceSeconds())
                .put("sampled_customers", c.snapshot().size()).put("records_read", c.snapshot().recordsRead())
                .put("estimated_customers", c.snapshot().customerCount());
        ObjectNode phases = root.putObject("phases");
        phases.put("read_seconds", readMillis(c) / 1000.0).put("sample_seconds", c.sampleMillis() / 1000.0)
                .put("fit_seconds", c.trainMillis() / 1000.0).put("publish_seconds", c.publishMillis() / 1000.0);
        switch (c.outcome()) {
            case TrainingOutcome.Trained t -> root.putObject("model").put("version", t.model().getVersion())
                    .put("chosen_k", t.model().getChosenK()).put("silhouette", t.model().getSilhouette())
                    .put("fitted_customers", t.model().getSampleSize())
                    .put("customer_count", t.model().getCustomerCount());
            case TrainingOutcome.Refused f -> root.putObject("refused").put("reason", f.reason().name())
                    .put("detail", f.detail());
        }
        ObjectNode settings = root.putObject("settings");
        r.settings().forEach(settings::put);
        return root;
    }
}
