package io.segstream.platform.topics;

/** Record headers segstream sets on its events; the stream carries them from an invoice to what it causes. */
public final class EventHeaders {

    /** Wall-clock milliseconds (decimal text) when the producer sent the invoice; used to measure latency. */
    public static final String SENT_AT = "segstream.sent-at";

    private EventHeaders() {
    }
}
