package io.segstream.stream.scoring;

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

class AssignmentCodecTest {

    private static CustomerFeatures features(String id) {
        return new CustomerFeatures(id, Instant.ofEpochMilli(1_323_000_000_123L),
                Instant.ofEpochMilli(1_291_000_000_000L), Instant.ofEpochMilli(1_322_000_000_000L), 12, 34,
                -1234.5678, 370, 0.1 + 0.2, 4_000, 0, Double.MIN_VALUE, FeatureTrigger.AGING, null, null, null, null,
                null, null, null, null, null, false);
    }

    @Test
    void givenFullAndEmptyAssignments_whenRoundTripped_thenEqual() {
        AssignmentCodec codec = new AssignmentCodec();
        var full = new CustomerAssignment(-3, "Lapsed big spenders é", Long.MAX_VALUE, features("12347"));
        var noModel = new CustomerAssignment(null, null, null, features(""));
        assertEquals(full, codec.decode(codec.encode(full)));
        assertEquals(noModel, codec.decode(codec.encode(noModel)));
        assertNull(codec.decode(null));
    }

    /**
     * Upgrade: assignments of every Online Retail customer as release 1 wrote them (the file
     * {@code state/assignments-v1.tsv.gz}: customer, the compact bytes of tag 0x7F, the plain-Avro bytes of the codec
     * before it, and the assignment as that release printed it) decode to the same assignment, with the
     * lifetime-value and interest fields unset, and survive a round trip in today's form.
     */
    @Test
    void givenAssignmentsWrittenByRelease1_whenDecoded_thenSameValuesAndNullLifetimeFields() throws IOException {
        AssignmentCodec codec = new AssignmentCodec();
        int read = 0;
        try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                getClass().getResourceAsStream("/state/assignments-v1.tsv.gz")), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split("\t");
                byte[] compact = Base64.getDecoder().decode(cells[1]);
                assertEquals(AssignmentCodec.TAG_1, compact[0]);
                CustomerAssignment fromCompact = codec.decode(compact);
                CustomerAssignment fromAvro = codec.decode(Base64.getDecoder().decode(cells[2]));
                assertEquals(fromCompact, fromAvro, cells[0]);
                assertNull(fromCompact.getFeatures().getPurchaseDays());
                assertNull(fromCompact.getFeatures().getLifetimeValue());
                String printed = fromCompact.toString().replaceAll(", \"(purchaseDays|firstPurchaseDay|lastPurchaseDay"
                        + "|repeatSpend|pAlive|expectedPurchases|lifetimeValue|interestCategory|interestName)\": null", "")
                        .replace(", \"interestPredicted\": false", "");
                assertEquals(cells[3], printed, cells[0]);
                byte[] today = codec.encode(fromCompact);
                assertEquals(AssignmentCodec.TAG_2, today[0]);
                assertEquals(fromCompact, codec.decode(today));
                read++;
            }
        }
        assertEquals(4_372, read);
    }

    @Test
    void givenLifetimeFields_whenRoundTripped_thenEqual() {
        AssignmentCodec codec = new AssignmentCodec();
        CustomerFeatures f = CustomerFeatures.newBuilder(features("17850")).setPurchaseDays(9)
                .setFirstPurchaseDay(LocalDate.of(2010, 12, 1)).setLastPurchaseDay(LocalDate.of(2011, 2, 10))
                .setRepeatSpend(1234.56).build();
        var daysOnly = new CustomerAssignment(2, "Loyal", 7L, f);
        assertEquals(daysOnly, codec.decode(codec.encode(daysOnly)));
        var scored = new CustomerAssignment(2, "Loyal", 7L, CustomerFeatures.newBuilder(f).setPAlive(0.75)
                .setExpectedPurchases(1.25).setLifetimeValue(321.5).build());
        assertEquals(scored, codec.decode(codec.encode(scored)));
    }

    @Test
    void givenTruncatedBytes_whenDecoded_thenRejected() {
        AssignmentCodec codec = new AssignmentCodec();
        byte[] bytes = codec.encode(new CustomerAssignment(1, "x", 1L, features("1")));
        assertThrows(IllegalStateException.class, () -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3)));
    }
}
