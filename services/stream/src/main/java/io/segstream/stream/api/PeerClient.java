package io.segstream.stream.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;

import javax.net.ssl.SSLContext;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance of the application's query API, marking the request as forwarded so that it answers from
 * its own stores only (no second hop).
 */
final class PeerClient {

    /** Header of a forwarded request; its value is the asking instance. */
    static final String FORWARDED = "X-Segstream-Forwarded";

    /** An instance's answer, passed through unchanged. */
    record Answer(int status, byte[] body) {
    }

    private final HostInfo self;
    private final ObjectMapper json;
    private final ApiAccess access;
    private final HttpClient http;
    private final String scheme;

    /** @param tls the API's TLS, whose trust store the peers' certificates must pass; null for plain HTTP */
    PeerClient(HostInfo self, ObjectMapper json, ApiAccess access, SSLContext tls) {
        this.self = self;
        this.json = json;
        this.access = access;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.scheme = tls == null ? "http" : "https";
    }

    /**
     * {@code GET /customers/{id}} on the owner.
     *
     * @throws IOException when the owner cannot be reached
     */
    Answer customer(HostInfo owner, String id) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get(owner, "/customers/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * {@code GET /customers?segment=...&limit=...[&after=...]} on a peer: its page of the segment.
     *
     * @throws UncheckedIOException when the peer cannot be reached
     * @throws IllegalStateException when it answers other than 200
     */
    List<CustomerView.SegmentView> members(HostInfo peer, String segment, int limit, String after) {
        try {
            HttpResponse<byte[]> response = get(peer, "/customers?segment="
                    + URLEncoder.encode(segment, StandardCharsets.UTF_8) + "&limit=" + limit
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("instance " + peer.host() + ":" + peer.port() + " answered "
                        + response.statusCode());
            }
            List<CustomerView.SegmentView> out = new ArrayList<>();
            for (JsonNode c : json.readTree(response.body()).get("customers")) {
                out.add(json.treeToValue(c, CustomerView.SegmentView.class));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("instance " + peer.host() + ":" + peer.port() + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpResponse<byte[]> get(HostInfo host, String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create(scheme + "://" + host.host() + ":" + host.port() + pathAndQuery);
        // The forwarded request carries the shared token: a peer checks it like any other request.
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header(FORWARDED, self.host() + ":" + self.port())
                .timeout(Duration.ofSeconds(5)).GET();
        access.authorization().ifPresent(value -> builder.header("Authorization", value));
        HttpRequest request = builder.build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException stale) {
            // A pooled keep-alive connection the peer closed (its idle timeout, or a restart on the same address)
            // fails without a byte; a GET is safe to send once more. Refused connections and timeouts are final.
            if (stale instanceof ConnectException || stale instanceof HttpTimeoutException) {
                throw stale;
            }
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}
