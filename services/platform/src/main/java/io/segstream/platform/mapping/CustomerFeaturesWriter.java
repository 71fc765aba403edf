package io.segstream.platform.mapping;

import java.io.IOException;
import java.time.LocalDate;

import io.segstream.avro.CustomerFeatures;
import io.segstream.platform.serde.AvroBodyWriter;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;

/**
 * The stream's most written record, encoded field by field in the order of {@code CustomerFeatures.avsc}: the same
 * bytes as Avro's datum writer (tested on generated records, every nullable field both ways), at about a third of its
 * cost, since it neither walks the schema nor resolves a union per field. A field added to the schema fails that
 * test until it is added here.
 */
public final class CustomerFeaturesWriter implements AvroBodyWriter<CustomerFeatures> {

    /** A {@code {"type": "int", "logicalType": "date"}}: days since 1970-01-01, cast as Avro's conversion does. */
    private static final Value<LocalDate> DATE = (out, day) -> out.writeInt((int) day.toEpochDay());

    @Override
    public Schema schema() {
        return CustomerFeatures.getClassSchema();
    }

    @Override
    public void write(CustomerFeatures f, Encoder out) throws IOException {
        out.writeString(f.getCustomerId());
        out.writeLong(f.getAsOf().toEpochMilli());
        out.writeLong(f.getFirstPurchase().toEpochMilli());
        out.writeLong(f.getLastPurchase().toEpochMilli());
        out.writeInt(f.getRecencyDays());
        out.writeInt(f.getFrequency());
        out.writeDouble(f.getMonetary());
        out.writeInt(f.getLengthDays());
        out.writeDouble(f.getAvgSpend());
        out.writeInt(f.getUniqueProducts());
        out.writeInt(f.getFrequency6m());
        out.writeDouble(f.getMonetary6m());
        out.writeEnum(f.getTrigger().ordinal());
        AvroBodyWriter.nullable(out, f.getPurchaseDays(), Encoder::writeInt);
        AvroBodyWriter.nullable(out, f.getFirstPurchaseDay(), DATE);
        AvroBodyWriter.nullable(out, f.getLastPurchaseDay(), DATE);
        AvroBodyWriter.nullable(out, f.getRepeatSpend(), Encoder::writeDouble);
        AvroBodyWriter.nullable(out, f.getPAlive(), Encoder::writeDouble);
        AvroBodyWriter.nullable(out, f.getExpectedPurchases(), Encoder::writeDouble);
        AvroBodyWriter.nullable(out, f.getLifetimeValue(), Encoder::writeDouble);
        AvroBodyWriter.nullable(out, f.getInterestCategory(), Encoder::writeInt);
        AvroBodyWriter.nullable(out, f.getInterestName(), Encoder::writeString);
        out.writeBoolean(f.getInterestPredicted());
    }
}
