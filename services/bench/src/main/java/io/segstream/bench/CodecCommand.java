package io.segstream.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.avro.InvoiceEvent;
import io.segstream.ingest.TransactionReader;
import io.segstream.core.cleaning.Cleaning;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.features.CustomerState;
import io.segstream.core.invoice.Invoice;
import io.segstream.devstack.ApicurioRegistry;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.platform.mapping.CustomerFeaturesWriter;
import io.segstream.platform.mapping.FeaturesMapping;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.stream.invoice.InvoiceWireReader;
import io.segstream.stream.invoice.InvoiceWireWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code segstream bench codec}: microseconds per invoice to encode and decode Avro invoices through the Avro
 * library (specific records, {@code BigDecimal} prices) and through segstream's hand-written wire path, on every
 * invoice of a file, round after round so the JIT compiler settles; then the same for encoding the features records
 * the stream emits for those invoices; only a schema registry is started.
 */
@Command(name = "codec", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Encodes and decodes every invoice of the file in the Confluent Avro wire format, with the "
                + "Avro library and with segstream's wire reader and writer, and prints microseconds per invoice "
                + "for each round; then encodes the features records of those invoices both ways, and times the "
                + "cleaning and the customer state's decode, apply and encode per invoice.")
public final class CodecCommand implements Callable<Integer> {

    private static final String TOPIC = "invoices";
    private static final String FEATURES_TOPIC = "customer-features";

    @Spec
    CommandSpec spec;

    @Mixin
    BenchCommand.Shared shared;

    @Mixin
    BenchCommand.InputFile input;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "10",
            description = "Rounds over the file. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds must be at least 1, got " + rounds);
        }
        Path file = input.path();
        List<Invoice> invoices = new ArrayList<>();
        try (TransactionReader reader = TransactionReader.open(file)) {
            reader.forEach(invoices::add);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (ApicurioRegistry registry = ApicurioRegistry.start(ApicurioRegistry.homeFromSystemProperty(),
                shared.workDir().resolve("registry"));
             var serde = SpecificAvroSerde.create(InvoiceEvent.class,
                     AvroSerdeConfig.forValues(registry.ccompatUrl()))) {
            InvoiceWireWriter writer = new InvoiceWireWriter(serde.serializer(), TOPIC);
            InvoiceWireReader reader = new InvoiceWireReader(serde.deserializer());
            List<byte[]> framed = invoices.stream().map(writer::write).toList();
            TextTable table = new TextTable("round", "encode, Avro", "encode, wire", "decode, Avro", "decode, wire");
            long check = 0;
            for (int round = 1; round <= rounds; round++) {
                long t0 = System.nanoTime();
                for (Invoice invoice : invoices) {
                    check += serde.serializer().serialize(TOPIC, InvoiceMapping.toEvent(invoice)).length;
                }
                long t1 = System.nanoTime();
                for (Invoice invoice : invoices) {
                    check -= writer.write(invoice).length;
                }
                long t2 = System.nanoTime();
                for (byte[] bytes : framed) {
                    check += InvoiceMapping.toInvoice(serde.deserializer().deserialize(TOPIC, bytes)).lines().size();
                }
                long t3 = System.nanoTime();
                for (byte[] bytes : framed) {
                    check -= reader.read(bytes).lines().size();
                }
                long t4 = System.nanoTime();
                table.row(String.valueOf(round), micros(t1 - t0, invoices.size()), micros(t2 - t1, invoices.size()),
                        micros(t3 - t2, invoices.size()), micros(t4 - t3, invoices.size()));
            }
            if (check != 0) {
                throw new IllegalStateException("the two paths disagree on the encoded sizes or line counts");
            }
            out.printf("%,d invoices, microseconds per invoice%n", invoices.size());
            out.print(table);
            out.flush();
            features(invoices, registry.ccompatUrl(), out);
        }
        states(invoices, out);
        return 0;
    }

    /**
     * The stream's work on an invoice of a known customer, in file order: clean it (repeated lines, fees), decode
     * the customer's stored state, apply the invoice, encode the state again (what the intake and the feature stage
     * do between the invoice's decoding and the store write).
     */
    private void states(List<Invoice> invoices, PrintWriter out) {
        Map<String, Integer> products = new HashMap<>();
        List<Invoice> known = invoices.stream().filter(i -> i.customerId() != null).toList();
        CleaningPolicy policy = CleaningPolicy.defaults();
        TextTable table = new TextTable("round", "clean", "decode", "apply", "encode", "bytes per state");
        for (int round = 1; round <= rounds; round++) {
            Map<String, byte[]> stored = new HashMap<>();
            long clean = 0;
            long decode = 0;
            long apply = 0;
            long encode = 0;
            long bytes = 0;
            for (Invoice raw : known) {
                long tc = System.nanoTime();
                Invoice invoice = Cleaning.clean(raw, policy).cleaned();
                long t0 = System.nanoTime();
                clean += t0 - tc;
                if (invoice == null) {
                    continue;
                }
                byte[] before = stored.get(invoice.customerId());
                CustomerState state = before == null ? new CustomerState() : CustomerState.decode(before);
                long t1 = System.nanoTime();
                state.apply(invoice, code -> products.computeIfAbsent(code, c -> products.size()));
                long t2 = System.nanoTime();
                byte[] after = state.encode();
                long t3 = System.nanoTime();
                stored.put(invoice.customerId(), after);
                bytes += after.length;
                decode += t1 - t0;
                apply += t2 - t1;
                encode += t3 - t2;
            }
            int n = known.size();
            table.row(String.valueOf(round), finerMicros(clean, n), finerMicros(decode, n), finerMicros(apply, n),
                    finerMicros(encode, n), String.format("%.1f", bytes / (double) n));
        }
        out.printf("%n%,d invoices of known customers: customer state per invoice%n", known.size());
        out.print(table);
        out.flush();
    }

    /**
     * The stream's features records (one per invoice of a known customer, as the stream emits them) encoded with
     * Avro's datum writer and with {@link CustomerFeaturesWriter}.
     */
    private void features(List<Invoice> invoices, String registryUrl, PrintWriter out) {
        Map<String, CustomerState> states = new HashMap<>();
        Map<String, Integer> products = new HashMap<>();
        List<CustomerFeatures> records = new ArrayList<>();
        for (Invoice invoice : invoices) {
            if (invoice.customerId() == null) {
                continue;
            }
            CustomerState state = states.computeIfAbsent(invoice.customerId(), id -> new CustomerState());
            if (state.apply(invoice, code -> products.computeIfAbsent(code, c -> products.size()))) {
                records.add(FeaturesMapping.toAvro(invoice.customerId(), state.features(invoice.invoiceTimeMillis()),
                        invoice.isCancellation() ? FeatureTrigger.RETURN : FeatureTrigger.PURCHASE));
            }
        }
        AvroSerdeConfig config = AvroSerdeConfig.forValues(registryUrl);
        try (var library = SpecificAvroSerde.create(CustomerFeatures.class, config);
             var handWritten = SpecificAvroSerde.create(CustomerFeatures.class, config,
                     new CustomerFeaturesWriter())) {
            TextTable table = new TextTable("round", "encode, Avro", "encode, hand-written");
            long check = 0;
            for (int round = 1; round <= rounds; round++) {
                long t0 = System.nanoTime();
                for (CustomerFeatures record : records) {
                    check += library.serializer().serialize(FEATURES_TOPIC, record).length;
                }
                long t1 = System.nanoTime();
                for (CustomerFeatures record : records) {
                    check -= handWritten.serializer().serialize(FEATURES_TOPIC, record).length;
                }
                long t2 = System.nanoTime();
                table.row(String.valueOf(round), micros(t1 - t0, records.size()), micros(t2 - t1, records.size()));
            }
            if (check != 0) {
                throw new IllegalStateException("the two features encoders disagree on the encoded sizes");
            }
            out.printf("%n%,d features records, microseconds per record%n", records.size());
            out.print(table);
            out.flush();
        }
    }

    private static String micros(long nanos, int invoices) {
        return String.format("%.1f µs", nanos / 1e3 / invoices);
    }

    /** Microseconds per invoice to two decimals, for the steps that take well under one. */
    private static String finerMicros(long nanos, int invoices) {
        return String.format("%.2f µs", nanos / 1e3 / invoices);
    }
}
