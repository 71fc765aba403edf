package io.segstream.app.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import io.segstream.platform.config.SegstreamConfig;
import io.segstream.stream.api.ApiAccess;

/**
 * The demo's query API token: unless the settings name one (or open the API), a random token is written to
 * {@code api-token} in the work directory, readable by its owner only, and the console address carries it.
 */
final class DemoToken {

    static final String FILE = "api-token";

    private DemoToken() {
    }

    /** {@code config} with {@value ApiAccess#TOKEN_FILE} set to a fresh token file, unless access is configured. */
    static SegstreamConfig ensure(SegstreamConfig config, Path workDir) {
        if (config.get(ApiAccess.TOKEN_FILE).isPresent() || config.get(ApiAccess.OPEN).isPresent()
                || System.getenv(config.get(ApiAccess.TOKEN_ENV).orElse(ApiAccess.DEFAULT_TOKEN_ENV)) != null) {
            return config;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = workDir.resolve(FILE);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token);
        } catch (UnsupportedOperationException e) {
            writePlain(file, token);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo's API token to " + file, e);
        }
        return config.with(ApiAccess.TOKEN_FILE, file.toString());
    }

    /** The token the demo's API takes, if it reads one from a file. */
    static Optional<String> read(SegstreamConfig config) {
        return config.get(ApiAccess.TOKEN_FILE).map(path -> {
            try {
                return Files.readString(Path.of(path)).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void writePlain(Path file, String token) {
        try {
            Files.writeString(file, token);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo's API token to " + file, e);
        }
    }
}
