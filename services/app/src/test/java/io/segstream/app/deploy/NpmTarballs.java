package io.segstream.app.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * npm package tarballs pinned in a lock file (name to version, tarball URL and the registry's sha512
 * {@code integrity}), downloaded once with the JDK's HttpClient into {@code ~/.cache/segstream/npm} (or
 * {@code $XDG_CACHE_HOME/segstream/npm}), verified against the pinned integrity on every use and unpacked with
 * commons-compress (on the classpath through Avro). Nothing of npm itself is needed; {@code npm_config_registry},
 * when set, replaces {@code https://registry.npmjs.org/} in the tarball URLs (a mirror), the integrity still decides.
 */
final class NpmTarballs {

    static final String PUBLIC_REGISTRY = "https://registry.npmjs.org/";

    /** One pinned package. */
    record Pin(String name, String version, URI tarball, String integrity) {
    }

    private final Map<String, Pin> pins;
    private final Path cache;

    private NpmTarballs(Map<String, Pin> pins, Path cache) {
        this.pins = pins;
        this.cache = cache;
    }

    /** The pins of {@code lockFile}, cached under {@code cache}. */
    static NpmTarballs load(Path lockFile, Path cache) {
        Map<String, Pin> pins = new TreeMap<>();
        try {
            for (Map.Entry<String, JsonNode> entry : new ObjectMapper().readTree(lockFile.toFile()).properties()) {
                if (entry.getKey().startsWith("_")) {
                    continue;
                }
                JsonNode pin = entry.getValue();
                pins.put(entry.getKey(), new Pin(entry.getKey(), pin.path("version").asText(),
                        URI.create(pin.path("tarball").asText()), pin.path("integrity").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + lockFile, e);
        }
        return new NpmTarballs(pins, cache);
    }

    /** {@code $XDG_CACHE_HOME/segstream/npm}, else {@code ~/.cache/segstream/npm}. */
    static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("segstream").resolve("npm");
    }

    Pin pin(String name) {
        Pin pin = pins.get(name);
        if (pin == null) {
            throw new IllegalStateException("no pin for " + name + " (pinned: " + pins.keySet() + ")");
        }
        return pin;
    }

    /**
     * The pinned tarball of {@code name}, from the cache when it is there and matches its integrity, else
     * downloaded (and cached). Fails, naming the URL and the cause, when it cannot be had.
     */
    Path tarball(String name) {
        Pin pin = pin(name);
        Path file = cache.resolve(pin.name().replace('/', '+') + "-" + pin.version() + ".tgz");
        if (Files.isRegularFile(file)) {
            if (pin.integrity().equals(integrity(file))) {
                return file;
            }
            delete(file);
        }
        URI uri = mirrored(pin.tarball());
        Path partial = null;
        try {
            Files.createDirectories(cache);
            partial = Files.createTempFile(cache, file.getFileName().toString(), ".part");
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20)).build();
            HttpResponse<Path> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(3))
                    .GET().build(), HttpResponse.BodyHandlers.ofFile(partial));
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            String actual = integrity(partial);
            if (!pin.integrity().equals(actual)) {
                throw new IOException("integrity mismatch: pinned " + pin.integrity() + ", downloaded " + actual);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot get " + pin.name() + "@" + pin.version() + " from " + uri + ": "
                    + e + ". The Grafana dashboard check needs the npm registry once, then works offline from "
                    + cache + " (set npm_config_registry to use a mirror)", e);
        } finally {
            if (partial != null) {
                delete(partial);
            }
        }
    }

    /**
     * Unpacks the pinned package {@code name} into {@code target} (emptied first), without npm's leading
     * {@code package/} directory; entries marked executable in the tarball stay executable.
     */
    Path unpack(String name, Path target) {
        Path tgz = tarball(name);
        try {
            deleteTree(target);
            Files.createDirectories(target);
            try (InputStream in = Files.newInputStream(tgz);
                    TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    String path = entry.getName();
                    int slash = path.indexOf('/');
                    Path out = target.resolve(path.substring(slash + 1)).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException(tgz + ": entry outside the package: " + path);
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (entry.isFile()) {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        if ((entry.getMode() & 0100) != 0) {
                            makeExecutable(out);
                        }
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + tgz + " into " + target, e);
        }
    }

    /** npm's integrity string of a file: {@code sha512-} and the base64 SHA-512 digest. */
    static String integrity(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha512.update(buffer, 0, n);
            }
            return "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** npm's name for this machine's platform, e.g. {@code linux-x64}, {@code darwin-arm64}, {@code win32-x64}. */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String npmOs = os.startsWith("windows") ? "win32" : os.startsWith("mac") ? "darwin" : os;
        String npmArch = switch (arch) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
        return npmOs + "-" + npmArch;
    }

    private static URI mirrored(URI tarball) {
        String registry = System.getenv("npm_config_registry");
        String url = tarball.toString();
        if (registry == null || registry.isBlank() || !url.startsWith(PUBLIC_REGISTRY)) {
            return tarball;
        }
        return URI.create((registry.endsWith("/") ? registry : registry + "/") + url.substring(PUBLIC_REGISTRY.length()));
    }

    private static void makeExecutable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(file));
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException e) {
            // Windows: no execute bit to set.
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
