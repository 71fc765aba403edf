package io.segstream.platform.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SubjectNamesTest {

    @Test
    void valueAndKeySubjectsFollowTheTopicNameStrategy() {
        assertEquals("invoices-value", SubjectNames.valueSubject("invoices"));
        assertEquals("invoices-key", SubjectNames.keySubject("invoices"));
        assertEquals("segment-changes-key", SubjectNames.forTopic("segment-changes", true));
        assertEquals("segment-changes-value", SubjectNames.forTopic("segment-changes", false));
    }

    @Test
    void blankTopicIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SubjectNames.valueSubject(" "));
        assertThrows(IllegalArgumentException.class, () -> SubjectNames.keySubject(null));
    }
}
