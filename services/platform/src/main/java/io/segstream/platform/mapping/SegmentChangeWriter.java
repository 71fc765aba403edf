package io.segstream.platform.mapping;

import java.io.IOException;
import java.util.List;

import io.segstream.avro.FeatureContribution;
import io.segstream.avro.SegmentChange;
import io.segstream.platform.serde.AvroBodyWriter;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;

/**
 * Segment changes encoded field by field in the order of {@code SegmentChange.avsc}, the carried features with
 * {@link CustomerFeaturesWriter}: the same bytes as Avro's datum writer (tested like the features writer), without
 * its schema walk. A field added to the schema fails that test until it is added here.
 */
public final class SegmentChangeWriter implements AvroBodyWriter<SegmentChange> {

    private final CustomerFeaturesWriter features = new CustomerFeaturesWriter();

    @Override
    public Schema schema() {
        return SegmentChange.getClassSchema();
    }

    @Override
    public void write(SegmentChange c, Encoder out) throws IOException {
        out.writeString(c.getCustomerId());
        AvroBodyWriter.nullable(out, c.getFromSegmentId(), Encoder::writeInt);
        AvroBodyWriter.nullable(out, c.getFromSegmentName(), Encoder::writeString);
        AvroBodyWriter.nullable(out, c.getFromModelVersion(), Encoder::writeLong);
        out.writeInt(c.getToSegmentId());
        out.writeString(c.getToSegmentName());
        out.writeLong(c.getToModelVersion());
        out.writeEnum(c.getCause().ordinal());
        out.writeLong(c.getEventTime().toEpochMilli());
        // ["CustomerFeatures", "null"]: the record comes first in this union.
        if (c.getFeatures() == null) {
            out.writeIndex(1);
        } else {
            out.writeIndex(0);
            features.write(c.getFeatures(), out);
        }
        out.writeDouble(c.getDistance());
        out.writeDouble(c.getMargin());
        out.writeEnum(c.getExplanationKind().ordinal());
        List<FeatureContribution> items = c.getExplanation();
        out.writeArrayStart();
        out.setItemCount(items.size());
        for (FeatureContribution item : items) {
            out.startItem();
            out.writeString(item.getFeature());
            out.writeDouble(item.getBefore());
            out.writeDouble(item.getAfter());
            out.writeDouble(item.getContribution());
            out.writeDouble(item.getShare());
        }
        out.writeArrayEnd();
        out.writeDouble(c.getExplanationTotal());
    }
}
