package io.segstream.app.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import io.segstream.app.Segstream;
import io.segstream.testing.SklearnFixture;
import io.segstream.testing.TestData;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code segstream analyze} on both shipped data sets, checked against independent counts and scikit-learn. */
class AnalyzeCommandTest {

    static final Path DATA = TestData.dataDir();
    static final Path RETAIL = DATA.resolve("online-retail/online_retail.csv.gz");
    static final Path MARKETING = DATA.resolve("marketing-campaign/marketing_campaign.csv");
    static final Path TARGET = Path.of("target/analyze");

    static JsonNode retail;
    static String retailOut;
    static JsonNode marketing;

    /** Exit code, stdout and stderr of one run. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Segstream.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void analyzeBoth() throws IOException {
        Run r = run("analyze", "--input", RETAIL.toString(), "--out", TARGET.resolve("online-retail").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("k-means: k=2..10, 10 restarts each, on 4,317 customers; k chosen within 4..8"),
                "progress lines on stderr: " + r.err());
        retailOut = r.out();
        retail = new ObjectMapper().readTree(TARGET.resolve("online-retail/summary.json").toFile());
        Run m = run("analyze", "--input", MARKETING.toString(), "--format", "attributes", "--out",
                TARGET.resolve("marketing").toString());
        assertEquals(0, m.code(), m.err());
        marketing = new ObjectMapper().readTree(TARGET.resolve("marketing/summary.json").toFile());
    }

    @Test
    void givenOnlineRetail_whenAnalyzed_thenCustomerCountEqualsAPlainCountOfPositiveSpenders() throws IOException {
        // Plain pandas-style count: rows with a customer, duplicates (all fields but the time) dropped,
        // exact amounts summed per customer, customers with a positive sum.
        Set<String> seen = new HashSet<>();
        Map<String, BigDecimal> sums = new HashMap<>();
        try (var in = new InputStreamReader(new GZIPInputStream(Files.newInputStream(RETAIL)), StandardCharsets.UTF_8);
             CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(in)) {
            for (NamedCsvRecord r : csv) {
                String customer = r.getField("CustomerID").strip().replace(".0", "");
                if (customer.isEmpty() || !seen.add(String.join("\u0001", r.getField("InvoiceNo"),
                        r.getField("StockCode"), r.getField("Description"), r.getField("Quantity"),
                        r.getField("UnitPrice"), customer, r.getField("Country")))) {
                    continue;
                }
                sums.merge(customer, new BigDecimal(r.getField("Quantity")).multiply(
                        new BigDecimal(r.getField("UnitPrice"))), BigDecimal::add);
            }
        }
        long positive = sums.values().stream().filter(v -> v.signum() > 0).count();

        assertEquals(positive, retail.get("customers").asLong());
        assertEquals(4_317, positive);
        assertEquals(positive + 1, Files.readAllLines(TARGET.resolve("online-retail/segments.csv")).size());
        assertEquals(541_909, retail.get("rows").asLong());
    }

    @Test
    void givenOnlineRetail_whenAnalyzed_thenSilhouettePerKIsWithinOneHundredthOfScikitLearn() throws IOException {
        Map<Integer, Double> sklearn = new HashMap<>();
        int sklearnBest = 0;
        int sklearnBestInRange = 0;
        for (int k = 2; k <= 10; k++) {
            sklearn.put(k, SklearnFixture.load().metrics.get(k)[1]);
            if (sklearnBest == 0 || sklearn.get(k) > sklearn.get(sklearnBest)) {
                sklearnBest = k;
            }
            if (k >= 4 && k <= 8 && (sklearnBestInRange == 0 || sklearn.get(k) > sklearn.get(sklearnBestInRange))) {
                sklearnBestInRange = k;
            }
        }
        JsonNode perK = retail.get("kmeans").get("perK");

        assertEquals(9, perK.size());
        for (JsonNode e : perK) {
            int k = e.get("k").asInt();
            assertEquals(sklearn.get(k), e.get("silhouette").asDouble(), 0.01, "silhouette at k=" + k);
        }
        assertEquals(sklearnBestInRange, retail.get("kmeans").get("chosenK").asInt());
        assertEquals(4, retail.get("algorithms").size());
    }

    /**
     * Issue #16: the curve covers 2..10, k is chosen within the default 4..8, and both choices are in the summary:
     * on Online Retail the silhouette alone would pick k = 2.
     */
    @Test
    void givenOnlineRetail_whenAnalyzedWithDefaults_thenKChosenInFourToEightAndThePureSilhouetteChoiceReported() {
        JsonNode s = retail.get("kSelection");
        JsonNode perK = retail.get("kmeans").get("perK");
        List<String> names = new ArrayList<>();
        retail.get("segments").forEach(seg -> names.add(seg.get("name").asText()));
        String observed = s + " " + names;

        assertEquals("[4,8]", s.get("range").toString(), observed);
        assertEquals(4, s.get("chosen").asInt(), observed);
        assertEquals(2, s.get("silhouetteBest").asInt(), observed);
        assertEquals(retail.get("kmeans").get("chosenK").asInt(), s.get("chosen").asInt());
        assertEquals(9, s.get("silhouette").size(), observed);
        for (JsonNode e : perK) {
            assertEquals(e.get("silhouette").asDouble(), s.get("silhouette").get(e.get("k").asText()).asDouble(),
                    "k=" + e.get("k"));
        }
        assertEquals(4, new HashSet<>(names).size(), "pairwise distinct names: " + observed);
        assertEquals(Set.of("Champions", "Need attention", "Hibernating", "Lost"), new HashSet<>(names), observed);
        assertTrue(retailOut.contains("k=4 of 4..8 (silhouette "), retailOut);
        assertTrue(retailOut.contains("; highest over 2..10 at k=2): "), retailOut);
    }

    @Test
    void givenOnlineRetail_whenAnalyzed_thenSummaryHasTheInterestEvaluationAboveTheMajorityBaseline() {
        JsonNode interest = retail.get("interest");

        assertEquals("2011-10-01T00:00:00Z", interest.get("cutoff").asText());
        double baseline = interest.get("majorityBaseline").get("accuracy").asDouble();
        JsonNode classifiers = interest.get("classifiers");
        assertEquals(8, classifiers.size(), classifiers.toString());
        for (JsonNode c : classifiers) {
            if (!c.get("name").asText().equals("majority class")) {
                assertTrue(c.get("accuracy").asDouble() > baseline + 0.2, c.toString());
            }
        }
        int test = interest.get("testCustomers").asInt();
        int confused = 0;
        for (JsonNode row : interest.get("confusion")) {
            for (JsonNode v : row) {
                confused += v.asInt();
            }
        }
        assertEquals(test, confused, "the confusion matrix counts every test customer once");
        assertTrue(interest.get("productCategories").size() >= 3);
    }

    @Test
    void givenMarketingCampaign_whenAnalyzed_thenPreparationCountsMatchAPlainReading() throws IOException {
        List<String> lines = Files.readAllLines(MARKETING);
        List<String> header = List.of(lines.getFirst().split("\t"));
        int birth = header.indexOf("Year_Birth");
        int income = header.indexOf("Income");
        int marital = header.indexOf("Marital_Status");
        int empty = 0;
        int old = 0;
        int rich = 0;
        int mapped = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            empty += f[income].isBlank() ? 1 : 0;
            mapped += Set.of("Alone", "Absurd", "YOLO").contains(f[marital]) ? 1 : 0;
            if (2014 - Integer.parseInt(f[birth]) > 100) {
                old++;
            } else if (!f[income].isBlank() && Double.parseDouble(f[income]) > 600_000) {
                rich++;
            }
        }
        JsonNode a = marketing.get("attributes");

        assertEquals(2_240, marketing.get("rows").asInt());
        assertEquals(24, empty);
        assertEquals(empty, a.get("imputedIncome").asInt());
        assertEquals(old, a.get("removedAge").asInt());
        assertEquals(rich, a.get("removedIncome").asInt());
        assertEquals(mapped, a.get("maritalMapped").asInt());
        assertEquals(2_240 - old - rich, marketing.get("customers").asInt());
        assertTrue(old > 0 && rich > 0, "the file has implausible ages and incomes");
        int k = marketing.get("kmeans").get("chosenK").asInt();
        assertEquals(k, marketing.get("segments").size());
    }

    @Test
    void givenMissingFile_whenAnalyzed_thenExitOneNamingTheFile(@TempDir Path dir) {
        Run r = run("analyze", "--input", dir.resolve("nope.csv").toString(), "--out", dir.toString());

        assertEquals(1, r.code());
        assertTrue(r.err().contains("nope.csv: no such file"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void givenEmptyFile_whenAnalyzed_thenExitOneNamingLineOne(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.csv"));

        Run r = run("analyze", "--input", empty.toString(), "--out", dir.toString());

        assertEquals(1, r.code());
        assertTrue(r.err().contains("empty.csv:1: empty file"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void givenUnknownColumns_whenAnalyzed_thenExitOneNamingTheHeader(@TempDir Path dir) throws IOException {
        Path odd = Files.writeString(dir.resolve("odd.csv"), "a,b,c\n1,2,3\n");

        Run r = run("analyze", "--input", odd.toString(), "--out", dir.toString());

        assertEquals(1, r.code());
        assertTrue(r.err().contains("odd.csv:1: unknown header [a, b, c]"), r.err());
        assertNoStackTrace(r);
        assertFalse(Files.exists(dir.resolve("report.html")));
    }

    @Test
    void givenAttributesWithoutIncome_whenAnalyzed_thenExitOneNamingTheMissingColumn(@TempDir Path dir)
            throws IOException {
        List<String> lines = Files.readAllLines(MARKETING);
        Path cut = dir.resolve("cut.tsv");
        Files.write(cut, lines.stream().map(l -> l.replaceFirst("^([^\t]*\t[^\t]*\t[^\t]*\t[^\t]*)\t[^\t]*", "$1"))
                .toList());

        Run r = run("analyze", "--input", cut.toString(), "--format", "attributes", "--out", dir.toString());

        assertEquals(1, r.code());
        assertTrue(r.err().contains("cut.tsv:1: header lacks column(s) [Income]"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void givenUnknownFormat_whenAnalyzed_thenUsageErrorTwo(@TempDir Path dir) {
        Run r = run("analyze", "--input", MARKETING.toString(), "--format", "xml", "--out", dir.toString());

        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown format 'xml'"), r.err());
    }

    private static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    /**
     * The first 80,000 rows of Online Retail (December 2010 to February 2011), clustered on RFM plus the product
     * category shares: every share column is in [0, 1], and a customer's shares sum to 1 or, without sales, to 0.
     */
    @Test
    void givenCategoryFeatures_whenAnalyzed_thenTheSharesAreClusteredColumns(@TempDir Path dir) throws IOException {
        Path head = dir.resolve("head.csv");
        try (var in = new java.io.BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(RETAIL)), StandardCharsets.UTF_8))) {
            Files.write(head, in.lines().limit(80_001).toList());
        }
        Run r = run("analyze", "--input", head.toString(), "--category-features", "--out",
                dir.resolve("out").toString());
        Run refused = run("analyze", "--input", MARKETING.toString(), "--format", "attributes",
                "--category-features", "--out", dir.resolve("no").toString());

        assertEquals(0, r.code(), r.err());
        JsonNode features = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile()).get("features");
        List<String> columns = new ArrayList<>();
        features.forEach(f -> columns.add(f.asText()));
        List<Integer> shares = new ArrayList<>();
        for (int j = 0; j < columns.size(); j++) {
            if (columns.get(j).startsWith("share: ")) {
                shares.add(j);
            }
        }
        assertEquals(columns.size() - 6, shares.size(), columns.toString());
        assertTrue(shares.size() >= 3, columns.toString());
        try (var csv = CsvReader.builder().ofNamedCsvRecord(dir.resolve("out/segments.csv"))) {
            int rows = 0;
            for (NamedCsvRecord row : csv) {
                double sum = 0;
                for (int j : shares) {
                    double v = Double.parseDouble(row.getField(columns.get(j)));
                    assertTrue(v >= 0 && v <= 1, row.toString());
                    sum += v;
                }
                assertTrue(Math.abs(sum - 1) < 1e-9 || sum == 0, row.toString());
                rows++;
            }
            assertTrue(rows > 1_000, rows + " customers");
        }
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("--category-features needs a transaction file"), refused.err());
    }

    @Test
    void givenConfigFile_whenAnalyzed_thenItsTrainerKeysApplyAndABadOneIsAUsageError(@TempDir Path dir)
            throws IOException {
        Path good = Files.writeString(dir.resolve("good.properties"),
                "segstream.trainer.min-k=2\nsegstream.trainer.max-k=12\n");
        Path bad = Files.writeString(dir.resolve("bad.properties"), "segstream.trainer.max-k=many\n");

        Run ok = run("analyze", "--input", MARKETING.toString(), "--format", "attributes", "--config",
                good.toString(), "--out", dir.resolve("out").toString());
        Run refused = run("analyze", "--input", MARKETING.toString(), "--config", bad.toString(), "--out",
                dir.resolve("bad").toString());

        assertEquals(0, ok.code(), ok.err());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        JsonNode perK = summary.get("kmeans").get("perK");
        assertEquals(11, perK.size(), "k = 2..12 from the file");
        assertEquals("[2,12]", summary.get("kSelection").get("range").toString());
        // From k = 2 the choice is the silhouette's own over the swept range.
        int best = 0;
        double bestSilhouette = Double.NEGATIVE_INFINITY;
        for (JsonNode e : perK) {
            if (e.get("silhouette").asDouble() > bestSilhouette) {
                bestSilhouette = e.get("silhouette").asDouble();
                best = e.get("k").asInt();
            }
        }
        assertEquals(best, summary.get("kSelection").get("chosen").asInt(), summary.get("kSelection").toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("'segstream.trainer.max-k' must be an integer, got 'many'"), refused.err());
    }
}
