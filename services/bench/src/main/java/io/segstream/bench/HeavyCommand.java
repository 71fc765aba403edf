package io.segstream.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segstream.server.cli.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code segstream bench heavy}: the cost of an invoice against the length of its customer's history. */
@Command(name = "heavy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Streams the same invoices twice with exactly-once on an embedded broker: all of one customer, "
                + "and each of a customer of its own, growing the history to 1, 10^3, 10^4, 10^5 and "
                + "10^6 invoices, and prints for the next invoices (--window) at each length the stream-thread CPU and "
                + "the changelog bytes per invoice of both side by side. Aging is off and there is no model.")
public final class HeavyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchCommand.Shared shared;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "1000000",
            description = "Longest history: the lengths 1, 10^3, ... up to N, then N. At most "
                    + HeavyBench.MAX_LENGTH + ". Default: ${DEFAULT-VALUE}.")
    long maxLength;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20000",
            description = "Invoices streamed before the first length in each case, every other one of one customer "
                    + "(the history store's path is compiled too), the rest of a customer each. "
                    + "Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--window", paramLabel = "N", defaultValue = "" + HeavyBench.DEFAULT_WINDOW,
            description = "Invoices per measured window. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "" + HeavyBench.DEFAULT_ROUNDS,
            description = "Windows measured back to back per length; CPU is their median. Rounds x window must be "
                    + "below 999. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.class,
            description = "Longest one phase may take. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        HeavyBench.Options options;
        try {
            options = new HeavyBench.Options(maxLength, warmup, window, rounds, timeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        HeavyBench.Result result = HeavyBench.run(shared.config(), shared.workDir(), options,
                spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.print(table(result));
        out.flush();
        shared.write(json(result));
        return 0;
    }

    static String table(HeavyBench.Result result) {
        TextTable table = new TextTable("history", "CPU/invoice, one", "CPU/invoice, spread", "ratio",
                "changelog/invoice, one", "changelog/invoice, spread", "ratio", "largest record, one");
        for (HeavyBench.Row row : result.rows()) {
            table.row(String.format("%,d", row.length()),
                    String.format("%.1f µs", row.one().cpuMicros()), String.format("%.1f µs", row.spread().cpuMicros()),
                    String.format("%.2f", row.cpuRatio()),
                    String.format("%.1f B (%.2f rec)", row.one().changelogBytes(), row.one().changelogRecords()),
                    String.format("%.1f B (%.2f rec)", row.spread().changelogBytes(),
                            row.spread().changelogRecords()),
                    String.format("%.2f", row.bytesRatio()), String.format("%,d B", row.one().largestRecord()));
        }
        HeavyBench.Stored one = result.one();
        HeavyBench.Stored spread = result.spread();
        long history = result.oneCustomerInvoices();
        return String.format("after a warm-up of %,d invoices (half of one customer); per row, %d windows of %,d "
                + "invoices once one customer has that many (one) or there are that many more customers (spread); CPU "
                + "the median window%n", result.warmup(), result.rounds(), result.window()) + table
                + String.format("stored, one customer of %,d invoices: its record %,d B; its customer-history rows "
                        + "%,d, %,d B of keys and values (%.1f B per invoice of history)%n", history,
                        one.heavyRecordBytes(), one.heavyHistoryRows(), one.heavyHistoryBytes(),
                        one.heavyHistoryBytes() / (double) history)
                + String.format("stored, spread: %,d customer records, %.1f B each (key and value); "
                        + "customer-history rows %,d (the warm-up's)%n", spread.customers(),
                        spread.recordBytes() / (double) spread.customers(), spread.historyRows())
                + "settings: " + result.settings() + "\n";
    }

    static ObjectNode json(HeavyBench.Result result) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("warmupInvoices", result.warmup()).put("windowInvoices", result.window())
                .put("rounds", result.rounds());
        ArrayNode rows = root.putArray("rows");
        for (HeavyBench.Row row : result.rows()) {
            ObjectNode node = rows.addObject().put("historyLength", row.length()).put("cpuRatio", row.cpuRatio())
                    .put("changelogBytesRatio", row.bytesRatio());
            phase(node.putObject("oneCustomer"), row.one());
            phase(node.putObject("spread"), row.spread());
        }
        stored(root.putObject("storedOneCustomer"), result.one());
        stored(root.putObject("storedSpread"), result.spread());
        ObjectNode settings = root.putObject("settings");
        result.settings().forEach(settings::put);
        return root;
    }

    private static void phase(ObjectNode node, HeavyBench.Phase phase) {
        node.put("history", phase.history()).put("cpuMicrosPerInvoice", phase.cpuMicros())
                .put("changelogBytesPerInvoice", phase.changelogBytes())
                .put("changelogRecordsPerInvoice", phase.changelogRecords())
                .put("largestChangelogRecord", phase.largestRecord());
    }

    private static void stored(ObjectNode node, HeavyBench.Stored stored) {
        node.put("customers", stored.customers()).put("recordBytes", stored.recordBytes())
                .put("heavyRecordBytes", stored.heavyRecordBytes())
                .put("heavyHistoryRows", stored.heavyHistoryRows()).put("heavyHistoryBytes", stored.heavyHistoryBytes())
                .put("historyRows", stored.historyRows());
    }
}
