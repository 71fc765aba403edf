package io.segstream.stream.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.segstream.platform.config.SegstreamConfig;

/**
 * Who may read customer data through the query API: holders of a bearer token, or anyone when a setting explicitly
 * opens it. The token comes from a file ({@value #TOKEN_FILE}, read again when it changes, so a rotated Secret is
 * picked up) or from the environment ({@value #DEFAULT_TOKEN_ENV}, or the variable named by {@value #TOKEN_ENV});
 * never from the command line, where {@code ps} would show it. Without a token and without {@value #OPEN}, customer
 * data is refused. Instances share the token, and forward it to each other.
 */
public final class ApiAccess {

    public static final String TOKEN_FILE = "segstream.api.token.file";
    public static final String TOKEN_ENV = "segstream.api.token.env";
    public static final String DEFAULT_TOKEN_ENV = "SEGSTREAM_API_TOKEN";
    /** {@code true} serves customer data to anyone who reaches the port (local trials, tests). */
    public static final String OPEN = "segstream.api.open";

    /** Customer data for anyone; for tests and trials on loopback. */
    public static final ApiAccess OPEN_TO_ALL = new ApiAccess(null, true, "open");

    private final Supplier<Optional<String>> token;
    private final boolean open;
    private final String source;

    private ApiAccess(Supplier<Optional<String>> token, boolean open, String source) {
        this.token = token;
        this.open = open;
        this.source = source;
    }

    /** Access with a fixed token. */
    public static ApiAccess token(String token) {
        String fixed = requireToken(token, "the token");
        return new ApiAccess(() -> Optional.of(fixed), false, "a fixed token");
    }

    /**
     * Reads the access settings.
     *
     * @param env the environment, {@code System.getenv()} outside tests
     * @throws IllegalArgumentException naming the key when the token file cannot be read or is empty
     */
    public static ApiAccess from(SegstreamConfig config, Map<String, String> env) {
        Optional<String> file = config.get(TOKEN_FILE).map(String::strip).filter(s -> !s.isEmpty());
        if (file.isPresent()) {
            TokenFile tokenFile = new TokenFile(Path.of(file.get()));
            tokenFile.get();
            return new ApiAccess(tokenFile, false, TOKEN_FILE + "=" + file.get());
        }
        String variable = config.get(TOKEN_ENV).map(String::strip).orElse(DEFAULT_TOKEN_ENV);
        String fromEnv = env.get(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            String fixed = requireToken(fromEnv, "the environment variable " + variable);
            return new ApiAccess(() -> Optional.of(fixed), false, "the environment variable " + variable);
        }
        String open = config.get(OPEN).orElse("false").strip().toLowerCase(Locale.ROOT);
        if (!open.equals("true") && !open.equals("false")) {
            throw new IllegalArgumentException("Setting '" + OPEN + "' must be true or false, got '" + open + "'");
        }
        return open.equals("true") ? OPEN_TO_ALL : new ApiAccess(Optional::empty, false, "none");
    }

    /** Whether customer data is served without a token. */
    public boolean isOpen() {
        return open;
    }

    /** Where the token comes from, for the start-up log; never the token. */
    public String source() {
        return source;
    }

    /**
     * Checks an {@code Authorization} header.
     *
     * @return 0 when the request may read customer data, else 401 (no token, or none configured) or 403 (a wrong one)
     */
    int check(String authorization) {
        if (open) {
            return 0;
        }
        Optional<String> expected = token.get();
        if (expected.isEmpty() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return 401;
        }
        byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected.get().getBytes(StandardCharsets.UTF_8)) ? 0 : 403;
    }

    /** Why {@link #check} refused, naming what to do and never a customer. */
    String refusal(int status) {
        if (status == 403) {
            return "wrong token for customer data";
        }
        if (token.get().isEmpty()) {
            return "customer data is closed: no API token is configured; set " + TOKEN_FILE + " or the environment "
                    + "variable " + DEFAULT_TOKEN_ENV + " (or " + OPEN + "=true on a trusted network)";
        }
        return "customer data needs a token: send Authorization: Bearer <token>";
    }

    /** The header this instance sends when it forwards a request to a peer. */
    Optional<String> authorization() {
        return open ? Optional.empty() : token.get().map(t -> "Bearer " + t);
    }

    private static String requireToken(String token, String where) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("The API token in " + where + " is empty");
        }
        return token.strip();
    }

    /** A token file read again whenever its modification time changes. */
    private static final class TokenFile implements Supplier<Optional<String>> {
        private final Path path;
        private volatile FileTime readAt;
        private volatile String token;

        TokenFile(Path path) {
            this.path = path;
        }

        @Override
        public Optional<String> get() {
            try {
                FileTime modified = Files.getLastModifiedTime(path);
                if (!modified.equals(readAt)) {
                    token = requireToken(Files.readString(path), TOKEN_FILE + " (" + path + ")");
                    readAt = modified;
                }
                return Optional.of(token);
            } catch (IOException e) {
                if (token == null) {
                    throw new IllegalArgumentException("Setting '" + TOKEN_FILE + "': cannot read " + path + ": " + e);
                }
                return Optional.of(token);
            }
        }
    }
}
