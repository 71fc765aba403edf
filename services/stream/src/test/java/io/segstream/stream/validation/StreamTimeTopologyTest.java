package io.segstream.stream.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.DeadLetter;
import io.segstream.avro.FeatureTrigger;
import io.segstream.avro.InvoiceEvent;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.TopologyFixture;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stream time is not a producer's to move: records stamped far in the future, as every broker before Kafka 4.0
 * accepts by default, with a valid or an invalid body, leave stream time where the invoices' own times put it. The
 * test driver, like such a broker, takes any record timestamp.
 */
class StreamTimeTopologyTest {

    private static final Instant YEAR_2100 = Instant.parse("2100-01-01T00:00:00Z");
    private TopologyFixture fx;

    @AfterEach
    void stop() {
        fx.close();
    }

    private void sendStamped(InvoiceEvent event, Instant recordTimestamp) {
        fx.invoices.pipeInput(new TestRecord<>(event.getCustomerId().getBytes(StandardCharsets.UTF_8),
                fx.invoiceSerde.serializer().serialize(TopologyFixture.INVOICES, event), recordTimestamp));
    }

    @Test
    void givenRecordsStampedIn2100_whenProcessed_thenStreamTimeFollowsTheInvoicesAndNothingAges() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, 100);
        sendStamped(TopologyFixture.invoice("1", "a", "2011-03-01T10:00:00Z", "A", 1, "2.00"), YEAR_2100);
        // A valid body stamped in 2100: its own time counts.
        sendStamped(TopologyFixture.invoice("2", "b", "2011-03-01T11:00:00Z", "A", 1, "3.00"), YEAR_2100);
        // An invalid body stamped in 2100: a dead letter, and no move of stream time.
        sendStamped(TopologyFixture.invoice("3", "c", "2011-03-01T12:00:00Z"), YEAR_2100);
        // A JSON invoice of the year 300,000,000 (legal ISO-8601) stamped in 2100.
        fx.invoicesJson.pipeInput(new TestRecord<>("d".getBytes(StandardCharsets.UTF_8), ("{\"invoiceNo\":\"4\","
                + "\"customerId\":\"d\",\"invoiceTime\":\"+300000000-01-01T00:00:00Z\",\"lines\":[{\"stockCode\":"
                + "\"A\",\"quantity\":1,\"unitPrice\":\"1.00\"}]}").getBytes(StandardCharsets.UTF_8), YEAR_2100));
        // A valid invoice a day later: not refused as ten years late, and its features are as of its own time.
        sendStamped(TopologyFixture.invoice("5", "a", "2011-03-02T10:00:00Z", "B", 2, "2.00"), YEAR_2100);

        List<CustomerFeatures> features = fx.features.readValuesToList();
        assertEquals(List.of("a", "b", "a"), features.stream().map(CustomerFeatures::getCustomerId).toList());
        for (CustomerFeatures f : features) {
            assertEquals(FeatureTrigger.PURCHASE, f.getTrigger(), "no customer aged: " + f);
            assertTrue(f.getAsOf().isBefore(Instant.parse("2011-03-03T00:00:00Z")), f.toString());
        }
        CustomerFeatures last = features.getLast();
        assertEquals(Instant.parse("2011-03-02T10:00:00Z"), last.getAsOf());
        assertEquals(6.0, last.getMonetary(), 1e-9);
        List<DeadLetter> letters = fx.deadLetters.readValuesToList();
        assertEquals(List.of("EMPTY_INVOICE", "FUTURE_TIME"), letters.stream().map(DeadLetter::getReason).toList());
    }

    @Test
    void givenAnInvoiceBeyondTheWallClock_whenItIsTheFirstRecord_thenADeadLetterAndStreamTimeStaysUnset() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, 100);
        sendStamped(TopologyFixture.invoice("1", "a", "2100-01-01T00:00:00Z", "A", 1, "2.00"), YEAR_2100);
        sendStamped(TopologyFixture.invoice("2", "a", "2011-03-01T10:00:00Z", "A", 1, "2.00"),
                Instant.parse("2011-03-01T10:00:00Z"));
        assertEquals(List.of("FUTURE_TIME"), fx.deadLetters.readValuesToList().stream().map(DeadLetter::getReason)
                .toList());
        List<CustomerFeatures> features = fx.features.readValuesToList();
        assertEquals(1, features.size());
        assertEquals(Instant.parse("2011-03-01T10:00:00Z"), features.getFirst().getAsOf());
    }
}
