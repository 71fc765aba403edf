package io.segstream.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Test fixtures shared by every module: where the shipped data sets are, and the Online Retail rows read
 * independently of segstream's production reader (an oracle must not share the code it checks).
 */
public final class TestData {

    private static List<String[]> rawRows;

    private TestData() {
    }

    /** The repository's {@code data/} directory: system property {@code segstream.data.dir} or walking up. */
    public static Path dataDir() {
        String configured = System.getProperty("segstream.data.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("data")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("data");
            }
        }
        throw new IllegalStateException("no data/ directory above " + Path.of("").toAbsolutePath());
    }

    /** The repository root: the parent of {@link #dataDir()}. */
    public static Path repositoryRoot() {
        return dataDir().toAbsolutePath().normalize().getParent();
    }

    /**
     * The demo sample: seven weeks of Online Retail rows for a quarter of the customers (see
     * {@code services/test-fixtures/samples/README.md}). A file in the repository, not a classpath resource, because
     * the tests hand its path to commands, and a resource inside the test-fixtures jar has none.
     */
    public static Path demoSample() {
        return repositoryRoot().resolve("services/test-fixtures/samples/retail-sample.csv.gz");
    }

    /** The marketing-campaign attribute table. */
    public static Path marketingCampaign() {
        return dataDir().resolve("marketing-campaign/marketing_campaign.csv");
    }

    /** The UCI Online Retail file. */
    public static Path onlineRetail() {
        return dataDir().resolve("online-retail/online_retail.csv.gz");
    }

    /** All data rows of the UCI file, split by a minimal quote-aware splitter, cached. */
    public static synchronized List<String[]> rawRows() {
        if (rawRows == null) {
            List<String[]> rows = new ArrayList<>(550_000);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(onlineRetail())), StandardCharsets.UTF_8))) {
                in.readLine();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    rows.add(split(line));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rawRows = rows;
        }
        return rawRows;
    }

    /** RFC 4180 split of one physical line (the data set has no embedded newlines). */
    public static String[] split(String line) {
        List<String> fields = new ArrayList<>(8);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields.toArray(String[]::new);
    }
}
