package io.segstream.stream.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.ReturnPolicy;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.testing.TopologyFixture;
import io.segstream.stream.validation.InvoiceBounds;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Logs at INFO and above never name a customer (docs/security.md): the whole topology is driven through scoring,
 * a model swap, dead letters of the intake and of the safety net, and an erasure, and every log event of INFO or
 * above, messages and exception texts included, is searched for the customer ids used.
 */
class LogAuditTest {

    private static final List<String> CUSTOMERS = List.of("cust-4711-a", "cust-4711-b", "cust-4711-whale");
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private AbstractAppender audit;
    private TopologyFixture fx;

    @BeforeEach
    void capture() {
        audit = new AbstractAppender("log-audit", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLevel().isMoreSpecificThan(Level.INFO)) {
                    StringBuilder text = new StringBuilder(event.getLoggerName()).append(": ")
                            .append(event.getMessage().getFormattedMessage());
                    for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                        text.append(" | ").append(t);
                    }
                    logged.add(text.toString());
                }
            }
        };
        audit.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.addAppender(audit, Level.INFO, null);
        }
        config.getRootLogger().addAppender(audit, Level.INFO, null);
        context.updateLoggers();
    }

    @AfterEach
    void release() {
        if (fx != null) {
            fx.close();
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.removeAppender(audit.getName());
        }
        config.getRootLogger().removeAppender(audit.getName());
        context.updateLoggers();
        audit.stop();
    }

    @Test
    void givenScoringDeadLettersAndAnErasure_whenLogged_thenNoEventAtInfoOrAboveNamesACustomer() {
        // The widest bounds let one customer's total overflow inside the state: the safety net's path logs too.
        InvoiceBounds widest = new InvoiceBounds(1_000_000, 1_000_000.0, 86_400_000L, 3_653L * 86_400_000L, 1_000,
                10_000, Long.MAX_VALUE, 0L);
        fx = new TopologyFixture(new CleaningPolicy(ReturnPolicy.SUBTRACT, true, false, true, 1_000_000,
                CleaningPolicy.DEFAULT_MAX_ABS_UNIT_PRICE_E4), AgingSchedule.NONE, widest);
        fx.publish(TestModels.identity(1, List.of("monetary"), new int[] {1, 2}, new String[] {"Low", "High"},
                new double[][] {{0.0}, {1000.0}}));
        fx.send(TopologyFixture.invoice("100", CUSTOMERS.get(0), "2011-03-01T10:00:00Z", "A", 10, "90.00"));
        fx.send(TopologyFixture.invoice("101", CUSTOMERS.get(1), "2011-03-02T10:00:00Z", "A", 1, "5.00"));
        // Cleaned (a negative price is dropped and counted) and refused at the door (before the minimum time).
        fx.send(TopologyFixture.invoice("102", CUSTOMERS.get(1), "2011-03-03T10:00:00Z", "A", 1, "-5.00"));
        fx.send(TopologyFixture.invoice("103", CUSTOMERS.get(0), "1969-12-31T10:00:00Z", "A", 1, "5.00"));
        fx.send(huge("104", CUSTOMERS.get(2), "2011-03-04T10:00:00Z"));
        fx.send(huge("105", CUSTOMERS.get(2), "2011-03-04T11:00:00Z"));
        fx.publish(TestModels.identity(2, List.of("monetary"), new int[] {1, 2}, new String[] {"Low", "High"},
                new double[][] {{0.0}, {50.0}}));
        fx.erase(CUSTOMERS.get(0), Instant.parse("2011-06-01T00:00:00Z"));

        assertEquals(List.of("PAST_TIME", "PROCESSING_ERROR"), fx.deadLetters.readValuesToList().stream()
                .map(l -> l.getReason()).toList(), "a refusal at the door, one from the net");
        assertEquals(1, fx.counters.erasures());
        assertTrue(logged.stream().anyMatch(l -> l.contains("Erased")), "the erasure is logged: " + logged);
        assertTrue(logged.stream().anyMatch(l -> l.contains("ArithmeticException")), "the net logged: " + logged);
        for (String line : logged) {
            for (String customer : CUSTOMERS) {
                assertTrue(!line.contains(customer), "a log event names customer " + customer + ": " + line);
            }
        }
    }

    /** 500 lines of 1,000,000 x 1,000,000.0000: two such invoices overflow a customer's 64-bit fixed-point sum. */
    private static InvoiceEvent huge(String invoiceNo, String customer, String time) {
        List<InvoiceLine> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            lines.add(InvoiceLine.newBuilder().setStockCode("H" + i).setDescription(null).setQuantity(1_000_000)
                    .setUnitPrice(new BigDecimal("1000000.0000")).build());
        }
        return InvoiceEvent.newBuilder(TopologyFixture.invoice(invoiceNo, customer, time, "A", 1, "1.00"))
                .setLines(lines).build();
    }
}
