package io.segstream.platform.registry;

import java.net.URI;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns an error response of the registry into the matching {@link RegistryResponseException}. */
final class RegistryErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_IN_MESSAGE = 500;

    private RegistryErrors() {
    }

    /**
     * Maps a non-2xx response. The registry's body is {@code {"error_code": 40401, "message": "..."}}; some errors
     * (e.g. Apicurio's 404 for a malformed path) come with an empty body, which still maps by status.
     *
     * @param subject the subject the call was about, or {@code null} for calls about no subject
     */
    static RegistryResponseException fromResponse(String method, URI uri, int status, String body, String subject) {
        JsonNode error = parse(body);
        int errorCode = error.path("error_code").asInt(0);
        String registryMessage = error.path("message").asText(abbreviate(body));
        String call = method + " " + uri + " failed with HTTP " + status
                + (errorCode == 0 ? "" : " (error " + errorCode + ")") + ": " + registryMessage;
        if (status == 409) {
            return new IncompatibleSchemaException("Schema for subject '" + subject
                    + "' is incompatible with the subject's compatibility level. " + call, uri, status, errorCode,
                    subject);
        }
        if (status == 404) {
            return new SchemaNotFoundException(call, uri, status, errorCode);
        }
        if (status >= 400 && status < 500) {
            return new RegistryRequestException(call, uri, status, errorCode);
        }
        return new RegistryServerException(call, uri, status, errorCode);
    }

    /**
     * Maps a 401 or 403: the request is fine, the credentials are not, so the message says which keys to check.
     */
    static RegistryRequestException refused(String method, URI uri, int status, String body, String hint) {
        JsonNode error = parse(body);
        String registryMessage = error.path("message").asText(abbreviate(body));
        return new RegistryRequestException("Schema registry refused " + method + " " + uri + " with HTTP " + status
                + " (" + registryMessage + "): " + hint, uri, status, error.path("error_code").asInt(0));
    }

    /** Shortens a response body for an exception message; registries behind proxies may answer with whole pages. */
    static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "<empty body>";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body == null ? "" : body);
            return node == null ? JSON.missingNode() : node;
        } catch (JsonProcessingException e) {
            return JSON.missingNode();
        }
    }
}
