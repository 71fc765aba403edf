package io.segstream.app.produce;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.segstream.server.cli.ConnectionOptions;
import io.segstream.server.cli.DurationConverter;
import io.segstream.app.pacing.Pacer;
import io.segstream.app.synthetic.FittedPopulations;
import io.segstream.app.synthetic.SyntheticOptions;
import io.segstream.avro.InvoiceEvent;
import io.segstream.core.invoice.Invoice;
import io.segstream.ingest.ColumnMapping;
import io.segstream.ingest.ReadOptions;
import io.segstream.ingest.TransactionFileException;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.metrics.Metrics;
import io.segstream.platform.metrics.MetricsServer;
import io.segstream.platform.registry.SchemaRegistryClient;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SchemaRejectedException;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.platform.topics.TopicSpec;
import io.segstream.platform.topics.Topics;
import io.segstream.stream.invoice.InvoiceWireWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code segstream produce}: publishes invoices from transaction files or the synthetic generator. */
@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publishes one Avro InvoiceEvent per invoice (key = customer id, timestamp = invoice time) "
                + "from transaction files (CSV or whitespace text, plain or .gz, or .xlsx workbooks; layout detected "
                + "from the header, or --mapping; time format and text encoding detected, or --mapping "
                + "time-pattern= and encoding=), or from the synthetic generator (--synthetic)."},
        footer = {"", "Examples:",
                "  segstream produce data/online-retail/online_retail.csv.gz -b localhost:9092 -r http://localhost:8080/apis/ccompat/v7",
                "  segstream produce shop.csv --mapping customer=Kunde --mapping time=Datum "
                        + "--mapping time-pattern=dd.MM.yyyy --mapping amount=Betrag --mapping delimiter=';' "
                        + "--mapping decimal=, --dry-run",
                "  segstream produce export.txt --mapping delimiter=whitespace --mapping columns=id,day,total "
                        + "--mapping customer=id --mapping time=day --mapping time-pattern=yyyy-MM-dd "
                        + "--mapping amount=total --dry-run",
                "  segstream produce 'Online Retail.csv' --mapping time-pattern='d/M/yyyy H:mm' "
                        + "--mapping encoding=windows-1252 --dry-run",
                "  segstream produce online_retail_II.xlsx --sheet 'Year 2010-2011' --dry-run",
                "  segstream produce --synthetic --customers 1000000 --rate 500 --seed 7 --duration 10m --json"})
public final class ProduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Transaction files, read in order.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--mapping", paramLabel = "KEY=COLUMN",
            description = {"Describe a layout instead of detecting it. Keys: " + MappingSpec.KEYS + ".",
                "delimiter=whitespace splits on runs of spaces and tabs and ignores leading and trailing ones; "
                        + "a value containing spaces (a description, a date and time) must then be double-quoted, "
                        + "otherwise it reads as two columns.",
                "columns=a,b,c names the columns of a file without a header line; its first line is data.",
                "time-pattern=PATTERN (a java.time pattern such as M/d/yyyy H:mm, or epoch-seconds, epoch-millis) "
                        + "and encoding=NAME (UTF-8, windows-1252, ...) override detection, and may be given "
                        + "without the column keys."})
    Map<String, String> mapping = new LinkedHashMap<>();

    @Option(names = "--sheet", paramLabel = "NAME",
            description = "Read only this sheet of .xlsx files. Default: every sheet, in workbook order.")
    String sheet;

    @Option(names = "--json", description = "Publish the JSON form to the invoices-json topic instead of Avro.")
    boolean json;

    @Option(names = "--speed", paramLabel = "FACTOR",
            description = "Replay event time at FACTOR event seconds per wall second (86400 = a day per second). "
                    + "Default: as fast as possible.")
    Double speed;

    @Option(names = "--dry-run", description = "Read and summarise without producing.")
    boolean dryRun;

    @Option(names = "--synthetic", description = "Generate invoices instead of reading files.")
    boolean synthetic;

    @Option(names = "--customers", paramLabel = "N", description = "Synthetic customers (default ${DEFAULT-VALUE}).")
    int customers = 10_000;

    @Option(names = "--rate", paramLabel = "R", description = "Synthetic invoices per wall second. Default: unpaced.")
    Double rate;

    @Option(names = "--seed", paramLabel = "S", description = "Synthetic random seed (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "Stop generating after this wall time, e.g. 90s, 10m, 2h.")
    Duration duration;

    @Option(names = "--invoices", paramLabel = "M", description = "Stop generating after M invoices.")
    Long maxInvoices;

    @Option(names = "--start", paramLabel = "INSTANT",
            description = "Event time of the synthetic history's start (default 2011-12-10T00:00:00Z).")
    String start;

    @Option(names = "--progress", paramLabel = "SECONDS",
            description = "Seconds between progress lines on stderr; 0 for none (default ${DEFAULT-VALUE}).")
    double progressSeconds = 2;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus /metrics (segstream_invoices_produced_total) on this port while producing;"
                    + " 0 = any free port. Default: no metrics.")
    Integer metricsPort;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InvoiceSource source;
        try {
            source = synthetic ? syntheticSource() : FileSource.open(files, customMapping(), readOptions());
        } catch (TransactionFileException e) {
            err.println("segstream produce: " + e.getMessage());
            return 1;
        }
        try (source) {
            Progress progress = new Progress(err, progressSeconds, System::nanoTime);
            if (dryRun) {
                Publisher.PublishResult result = Publisher.run(source, Pacer.unpaced(), InvoiceSink.discard(),
                        progress);
                ProduceReport.print(out, source, "nothing (dry run)", result);
                return 0;
            }
            SegstreamConfig config = connection.config();
            List<String> created = Topics.ensure(config, config.topics().all());
            TopicSpec topic = json ? config.topics().invoicesJson() : config.topics().invoices();
            List<String> risks = Topics.retentionRisks(config, List.of(topic));
            if (!risks.isEmpty()) {
                risks.forEach(risk -> err.println("segstream produce: WARNING: " + risk));
            } else if (created.contains(topic.name())) {
                err.printf("segstream produce: created %s, retained by arrival (message.timestamp.type=LogAppendTime):"
                        + " what this load writes is kept for %s after it arrives, whatever the invoices' dates%n",
                        topic.name(), config.require(SegstreamConfig.INVOICES_RETENTION));
            }
            try (Encoder encoder = encoder(config, topic.name());
                 StopOnCtrlC stop = new StopOnCtrlC(Thread.currentThread())) {
                Publisher.PublishResult result;
                try (Metrics metrics = Metrics.create("produce");
                     MetricsServer server = metricsPort == null ? null
                             : MetricsServer.start(config.require(SegstreamConfig.METRICS_HOST), metricsPort, metrics);
                     InvoiceSink sink = CountingSink.of(new KafkaInvoiceSink(ProducerSettings.from(config),
                             topic.name(), encoder.function(), json ? "json" : "avro"), metrics.registry())) {
                    if (server != null) {
                        err.println("metrics on " + server.url());
                    }
                    result = Publisher.run(source, pacer(), sink, progress);
                    ProduceReport.print(out, source, sink.describe(), result);
                }
                return result.acknowledged() == result.invoices() ? 0 : 1;
            } catch (SchemaRejectedException e) {
                err.println("segstream produce: " + refusal(e, config));
                return 1;
            }
        } catch (InvoiceSink.PublishException | IllegalArgumentException | IllegalStateException e) {
            err.println("segstream produce: " + e.getMessage());
            return 1;
        }
    }

    private void validate() {
        if (synthetic == !files.isEmpty()) {
            throw usage(synthetic ? "--synthetic takes no FILE arguments" : "give FILE arguments or --synthetic");
        }
        if (synthetic && (!mapping.isEmpty() || speed != null || sheet != null)) {
            throw usage("--mapping, --sheet and --speed apply to files, not to --synthetic");
        }
        if (!synthetic && (rate != null || duration != null || maxInvoices != null || start != null)) {
            throw usage("--rate, --duration, --invoices and --start apply to --synthetic only");
        }
        if (speed != null && !(speed > 0)) {
            throw usage("--speed must be positive, got " + speed);
        }
        if (rate != null && !(rate > 0)) {
            throw usage("--rate must be positive, got " + rate);
        }
        if (customers < 1 || (maxInvoices != null && maxInvoices < 1) || progressSeconds < 0) {
            throw usage("--customers and --invoices must be at least 1, --progress not negative");
        }
    }

    private ColumnMapping customMapping() {
        if (mapping.isEmpty()) {
            return null;
        }
        try {
            return MappingSpec.parse(mapping);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ReadOptions readOptions() {
        try {
            return MappingSpec.readOptions(mapping, sheet);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private InvoiceSource syntheticSource() {
        Instant from;
        try {
            from = start == null ? SyntheticOptions.DEFAULT_START : Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw usage("--start must be an ISO-8601 instant such as 2011-12-10T00:00:00Z, got " + start);
        }
        return new SyntheticSource(new SyntheticOptions(customers, seed, from, FittedPopulations.ONLINE_RETAIL),
                maxInvoices == null ? 0 : maxInvoices, duration, System::nanoTime);
    }

    private Pacer pacer() {
        if (speed != null) {
            return Pacer.speed(speed, System::nanoTime, Pacer.Sleeper.THREAD);
        }
        if (rate != null) {
            return Pacer.rate(rate, System::nanoTime, Pacer.Sleeper.THREAD);
        }
        return Pacer.unpaced();
    }

    private Encoder encoder(SegstreamConfig config, String topic) {
        if (json) {
            JsonInvoiceEncoder encoder = new JsonInvoiceEncoder();
            return new Encoder(encoder::encode, null);
        }
        config.get(SegstreamConfig.REGISTRY_URL).orElseThrow(() -> new IllegalArgumentException(
                "no schema registry: pass --registry-url (or schema.registry.url in --config), or use --json"));
        SpecificAvroSerde<InvoiceEvent> serde = SpecificAvroSerde.create(InvoiceEvent.class,
                AvroSerdeConfig.forValues(config.registryOptions()));
        return new Encoder(new InvoiceWireWriter(serde.serializer(), topic)::write, serde);
    }

    /** What a registry refusal of the invoice schema means and what to do about it; nothing has been sent then. */
    static String refusal(SchemaRejectedException e, SegstreamConfig config) {
        String level;
        try (SchemaRegistryClient client = SchemaRegistryClient.create(config.registryOptions())) {
            level = client.compatibility(e.subject()).name();
        } catch (RuntimeException unknown) {
            level = "unknown";
        }
        return "the schema registry refused the InvoiceEvent schema for subject '" + e.subject() + "' (compatibility "
                + level + "): " + e.getCause().getMessage() + "\nNothing was sent. Register a compatible schema under"
                + " that subject, or produce to another topic with -D " + SegstreamConfig.TOPIC_PREFIX + "invoices=NAME.";
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * While open, Ctrl-C interrupts the publishing thread and waits for it to flush what it sent, instead of the
     * JVM exiting with invoices still in the producer's buffer.
     */
    private static final class StopOnCtrlC implements AutoCloseable {
        private final CountDownLatch done = new CountDownLatch(1);
        private final Thread hook;

        StopOnCtrlC(Thread worker) {
            hook = new Thread(() -> {
                worker.interrupt();
                try {
                    done.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "segstream-produce-stop");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public void close() {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it waits for the countDown above.
            }
        }
    }

    /** The value encoder and the serde it holds open, if any. */
    private record Encoder(Function<Invoice, byte[]> function, AutoCloseable resource) implements AutoCloseable {
        @Override
        public void close() {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot close the serde: " + e.getMessage(), e);
                }
            }
        }
    }
}
