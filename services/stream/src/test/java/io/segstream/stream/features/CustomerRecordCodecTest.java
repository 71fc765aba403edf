package io.segstream.stream.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import org.junit.jupiter.api.Test;

/** The assignment part of {@link CustomerRecordCodec}, alone as the legacy store holds it, in every form it was written. */
class CustomerRecordCodecTest {

    private static CustomerFeatures features(String id) {
        return new CustomerFeatures(id, Instant.ofEpochMilli(1_323_000_000_123L),
                Instant.ofEpochMilli(1_291_000_000_000L), Instant.ofEpochMilli(1_322_000_000_000L), 12, 34,
                -1234.5678, 370, 0.1 + 0.2, 4_000, 0, Double.MIN_VALUE, FeatureTrigger.AGING, null, null, null, null,
                null, null, null, null, null, false);
    }

    @Test
    void givenFullAndEmptyAssignments_whenRoundTripped_thenEqual() {
        CustomerRecordCodec codec = new CustomerRecordCodec();
        var full = new CustomerAssignment(-3, "Lapsed big spenders é", Long.MAX_VALUE, features("12347"));
        var noModel = new CustomerAssignment(null, null, null, features(""));
        assertEquals(full, codec.decodeAssignment(codec.encodeAssignment(full)));
        assertEquals(noModel, codec.decodeAssignment(codec.encodeAssignment(noModel)));
        assertNull(codec.decodeAssignment(null));
    }

    /**
     * Upgrade: assignments of every Online Retail customer as release 1 wrote them (the file
     * {@code state/assignments-v1.tsv.gz}: customer, the compact bytes of tag 0x7F, the plain-Avro bytes of the codec
     * before it, and the assignment as that release printed it) decode to the same assignment, with the
     * lifetime-value and interest fields unset, and survive a round trip in today's form.
     */
    @Test
    void givenAssignmentsWrittenByRelease1_whenDecoded_thenSameValuesAndNullLifetimeFields() throws IOException {
        CustomerRecordCodec codec = new CustomerRecordCodec();
        int read = 0;
        try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                getClass().getResourceAsStream("/state/assignments-v1.tsv.gz")), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split("\t");
                byte[] compact = Base64.getDecoder().decode(cells[1]);
                assertEquals(CustomerRecordCodec.ASSIGNMENT_RELEASE_1, compact[0]);
                CustomerAssignment fromCompact = codec.decodeAssignment(compact);
                CustomerAssignment fromAvro = codec.decodeAssignment(Base64.getDecoder().decode(cells[2]));
                assertEquals(fromCompact, fromAvro, cells[0]);
                assertNull(fromCompact.getFeatures().getPurchaseDays());
                assertNull(fromCompact.getFeatures().getLifetimeValue());
                String printed = fromCompact.toString().replaceAll(", \"(purchaseDays|firstPurchaseDay|lastPurchaseDay"
                        + "|repeatSpend|pAlive|expectedPurchases|lifetimeValue|interestCategory|interestName)\": null", "")
                        .replace(", \"interestPredicted\": false", "");
                assertEquals(cells[3], printed, cells[0]);
                byte[] today = codec.encodeAssignment(fromCompact);
                assertEquals(CustomerRecordCodec.ASSIGNMENT, today[0]);
                assertEquals(fromCompact, codec.decodeAssignment(today));
                read++;
            }
        }
        assertEquals(4_372, read);
    }

    @Test
    void givenLifetimeFields_whenRoundTripped_thenEqual() {
        CustomerRecordCodec codec = new CustomerRecordCodec();
        CustomerFeatures f = CustomerFeatures.newBuilder(features("17850")).setPurchaseDays(9)
                .setFirstPurchaseDay(LocalDate.of(2010, 12, 1)).setLastPurchaseDay(LocalDate.of(2011, 2, 10))
                .setRepeatSpend(1234.56).build();
        var daysOnly = new CustomerAssignment(2, "Loyal", 7L, f);
        assertEquals(daysOnly, codec.decodeAssignment(codec.encodeAssignment(daysOnly)));
        var scored = new CustomerAssignment(2, "Loyal", 7L, CustomerFeatures.newBuilder(f).setPAlive(0.75)
                .setExpectedPurchases(1.25).setLifetimeValue(321.5).build());
        assertEquals(scored, codec.decodeAssignment(codec.encodeAssignment(scored)));
    }

    @Test
    void givenTruncatedBytes_whenDecoded_thenRejected() {
        CustomerRecordCodec codec = new CustomerRecordCodec();
        byte[] bytes = codec.encodeAssignment(new CustomerAssignment(1, "x", 1L, features("1")));
        assertThrows(IllegalStateException.class,
                () -> codec.decodeAssignment(Arrays.copyOf(bytes, bytes.length - 3)));
    }
}
