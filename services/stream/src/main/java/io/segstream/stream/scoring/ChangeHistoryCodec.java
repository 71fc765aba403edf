package io.segstream.stream.scoring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.segstream.avro.ChangeDigest;
import io.segstream.avro.ChangeHistory;
import io.segstream.avro.ContributionDigest;
import io.segstream.avro.FeatureContribution;
import io.segstream.avro.SegmentChange;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The change-history store's values: a customer's last {@link #LENGTH} changes as plain Avro {@link ChangeHistory}
 * (no registry: the store is private to the application), compact because every change of every customer is kept:
 * features as indexes into the model's feature list, values as floats, no names (they come from the model when the
 * history is read). About 100 bytes per change with six features. Written only when a change is emitted.
 */
public final class ChangeHistoryCodec {

    /** Changes kept per customer. */
    public static final int LENGTH = 3;

    private final SpecificDatumWriter<ChangeHistory> writer = new SpecificDatumWriter<>(ChangeHistory.class);
    private final SpecificDatumReader<ChangeHistory> reader = new SpecificDatumReader<>(ChangeHistory.class);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    /** The history with {@code change} added first, the oldest beyond {@link #LENGTH} dropped. */
    byte[] append(byte[] stored, SegmentChange change, List<String> featureNames) {
        List<ChangeDigest> changes = new ArrayList<>(LENGTH);
        changes.add(digest(change, featureNames));
        if (stored != null) {
            for (ChangeDigest earlier : decode(stored)) {
                if (changes.size() == LENGTH) {
                    break;
                }
                changes.add(earlier);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 * changes.size());
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        try {
            writer.write(new ChangeHistory(changes), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The changes of stored bytes, newest first; empty for null. */
    public List<ChangeDigest> decode(byte[] stored) {
        if (stored == null) {
            return List.of();
        }
        decoder = DecoderFactory.get().binaryDecoder(stored, decoder);
        try {
            return reader.read(null, decoder).getChanges();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Corrupt change history in the state store", e);
        }
    }

    /**
     * A digest as a change event (no features, no distances), with names from {@code segmentNames} and
     * {@code featureNames}, so it reads like the events the customer got.
     */
    public static SegmentChange toChange(String customer, ChangeDigest d, List<String> featureNames,
                                         java.util.function.IntFunction<String> segmentName) {
        List<FeatureContribution> items = new ArrayList<>(d.getItems().size());
        for (ContributionDigest c : d.getItems()) {
            int index = c.getFeature();
            String feature = index >= 0 && index < featureNames.size() ? featureNames.get(index) : "feature " + index;
            double total = d.getTotal();
            items.add(new FeatureContribution(feature, (double) c.getBefore(), (double) c.getAfter(),
                    (double) c.getContribution(), total == 0 ? 0.0 : c.getContribution() / total));
        }
        Integer from = d.getFromSegmentId();
        return SegmentChange.newBuilder().setCustomerId(customer).setFromSegmentId(from)
                .setFromSegmentName(from == null ? null : segmentName.apply(from)).setFromModelVersion(null)
                .setToSegmentId(d.getToSegmentId()).setToSegmentName(segmentName.apply(d.getToSegmentId()))
                .setToModelVersion(d.getToModelVersion()).setCause(d.getCause())
                .setEventTime(Instant.ofEpochMilli(d.getEventTime())).setFeatures(null).setDistance(0).setMargin(0)
                .setExplanationKind(d.getKind()).setExplanation(items).setExplanationTotal(d.getTotal()).build();
    }

    private static ChangeDigest digest(SegmentChange change, List<String> featureNames) {
        List<ContributionDigest> items = new ArrayList<>(change.getExplanation().size());
        for (FeatureContribution c : change.getExplanation()) {
            items.add(new ContributionDigest(featureNames.indexOf(c.getFeature()), (float) c.getBefore(),
                    (float) c.getAfter(), (float) c.getContribution()));
        }
        return new ChangeDigest(change.getEventTime().toEpochMilli(), change.getCause(), change.getFromSegmentId(),
                change.getToSegmentId(), change.getToModelVersion(), change.getExplanationKind(),
                (float) change.getExplanationTotal(), items);
    }
}
