package io.segstream.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.testing.RequiredTool;
import io.segstream.testing.TestData;
import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.trainer.publish.ModelPublisher;
import io.segstream.trainer.publish.PublishedModels;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: Debian's chromium driven by its chromium-driver through Selenium (no browser
 * download), against {@code ./segstream demo} running in its own JVM on the small Online Retail sample. The page
 * loads with no console error, every chart has data points, the profiles are listed, and a lookup typed with the
 * keyboard shows the same segment and last change as {@code GET /customers/{id}}. Screenshots at 1280×800 and at a
 * phone's 390×844 are kept under target/.
 *
 * <p>Then a model that names the looked-up customer's segment {@value #HOSTILE} is published: the page shows that
 * name as text in the profiles, the lookup and the chart tooltips, no element is made of it, and nothing runs. Last,
 * the page's Content-Security-Policy is seen at work: an inline script and an inline event handler added to the page
 * are refused by the browser.
 */
@Tag("integration")
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path ROOT = TestData.repositoryRoot();
    /** A segment name that would run script if any part of the console inserted it as HTML. */
    static final String HOSTILE = "<img src=x onerror=alert(1)>";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;
    /** The demo's API token, from the console address it prints. */
    private String token;

    @Test
    void givenARunningDemo_whenTheConsoleIsOpened_thenChartsHaveDataAndTheLookupMatchesTheApi() throws Exception {
        RequiredTool.requireAt(CHROMIUM, "apt-get install -y chromium");
        RequiredTool.requireAt(CHROMEDRIVER, "apt-get install -y chromium-driver");
        Path output = work.resolve("demo.out");
        Process demo = new ProcessBuilder(ROOT.resolve("segstream").toString(), "demo", "--data", fixture().toString(),
                "--speed", "0", "--work-dir", work.resolve("demo").toString(), "--api-port", "0", "-D",
                "segstream.metrics.port=0").directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        demo.getOutputStream().close();
        ChromeDriver driver = null;
        try {
            String base = consoleBase(output, demo);
            String customer = waitForSegmentedCustomer(base, output);
            driver = browser();
            driver.get(base + "/console#token=" + token);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            WebElement body = driver.findElement(By.tagName("body"));
            wait.until(d -> "ok".equals(body.getDomAttribute("data-status"))
                    && points(body, "sizes") > 0 && points(body, "transitions") > 0 && points(body, "psi") > 0
                    && points(body, "models") > 0 && points(body, "profiles") > 0);

            // Keyboard only: focus the field, type the id, press Enter.
            WebElement field = driver.findElement(By.id("customer"));
            field.click();
            field.sendKeys(customer, Keys.ENTER);
            WebElement result = driver.findElement(By.id("customer-result"));
            wait.until(d -> "200".equals(result.getDomAttribute("data-status")));
            JsonNode api = JSON.readTree(get(base + "/customers/" + customer).body());
            assertEquals(api.get("segment").get("segmentId").asText(), result.getDomAttribute("data-segment-id"));
            JsonNode last = api.get("changes").get(0);
            assertNotNull(last, "the API has a change for " + customer);
            assertEquals(last.get("eventTime").asText(), result.getDomAttribute("data-last-change-time"));
            assertEquals(last.get("cause").asText(), result.getDomAttribute("data-last-change-cause"));
            assertTrue(result.getText().contains(api.get("segment").get("segmentName").asText()), result.getText());

            Path shot = screenshot(driver, "console.png");
            driver.manage().window().setSize(new Dimension(390, 844));
            Thread.sleep(500);
            Object overflow = ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(((Number) overflow).longValue() <= 0, "horizontal overflow on a phone: " + overflow + " px");
            screenshot(driver, "console-phone.png");

            driver.manage().window().setSize(new Dimension(1280, 800));
            hostileSegmentNameIsText(driver, wait, output, customer, api.get("segment").get("segmentId").asInt());

            assertEquals("0", body.getDomAttribute("data-errors"), "errors counted by the page");
            assertEquals(List.of(), severe(driver), "browser console errors");
            System.out.println("console screenshot: " + shot);

            inlineScriptIsRefused(driver, base);
        } finally {
            if (driver != null) {
                driver.quit();
            }
            demo.destroy();
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * Publishes the newest model again, one version up, with the customer's segment named {@link #HOSTILE}, and
     * checks every place the console shows segment names renders it as characters.
     */
    private void hostileSegmentNameIsText(ChromeDriver driver, WebDriverWait wait, Path output, String customer,
                                          int segmentId) throws Exception {
        String text = Files.readString(output);
        SegstreamConfig config = SegstreamConfig.load(Optional.empty(), Map.of(
                SegstreamConfig.BOOTSTRAP_SERVERS, printed(text, "bootstrap.servers"),
                SegstreamConfig.REGISTRY_URL, printed(text, "schema.registry.url")));
        String topic = config.topics().models().name();
        long version;
        try (var serde = SpecificAvroSerde.create(SegmentModel.class,
                AvroSerdeConfig.forValues(config.require(SegstreamConfig.REGISTRY_URL)))) {
            SegmentModel latest = PublishedModels.latest(config.kafkaProperties(), topic,
                    config.require(SegstreamConfig.MODEL_NAME), serde.deserializer(), Duration.ofSeconds(30))
                    .orElseThrow();
            List<Segment> segments = new ArrayList<>();
            for (Segment s : latest.getSegments()) {
                segments.add(s.getId() == segmentId ? Segment.newBuilder(s).setName(HOSTILE).build() : s);
            }
            version = latest.getVersion() + 1;
            SegmentModel renamed = SegmentModel.newBuilder(latest).setVersion(version).setSegments(segments).build();
            try (ModelPublisher publisher = new ModelPublisher(config.kafkaProperties(), topic, serde.serializer(),
                    Duration.ofSeconds(30))) {
                publisher.publish(renamed);
            }
        }
        // Read in the page in one step: the page redraws the table every two seconds, so an element found by
        // WebDriver may be gone by the time its text is asked for.
        JavascriptExecutor js = driver;
        String row = segmentId + " " + HOSTILE;
        wait.until(d -> Boolean.TRUE.equals(js.executeScript("return Array.from(document.querySelectorAll("
                + "'#profiles tbody th')).some(th => th.textContent === arguments[0]);", row)));

        WebElement field = driver.findElement(By.id("customer"));
        field.clear();
        field.sendKeys(customer, Keys.ENTER);
        WebElement result = driver.findElement(By.id("customer-result"));
        wait.until(d -> result.getText().contains(HOSTILE + " (segment " + segmentId + ", model v"));

        // The chart tooltips are HTML in ECharts: show the segment-size tooltip.
        Object tip = js.executeScript("""
                const sizes = echarts.getInstanceByDom(document.getElementById('sizes'));
                const option = sizes.getOption();
                const index = option.series.findIndex(s => s.name === arguments[0]);
                if (index < 0) { return 'no series named ' + arguments[0]; }
                sizes.dispatchAction({ type: 'showTip', seriesIndex: index,
                    dataIndex: option.series[index].data.length - 1 });
                return null;""", HOSTILE);
        assertEquals(null, tip);
        wait.until(d -> Boolean.TRUE.equals(js.executeScript("return Array.from(document.querySelectorAll("
                + "'#sizes div')).some(div => div.textContent.includes(arguments[0]));", HOSTILE)));

        assertEquals(0L, js.executeScript("return document.querySelectorAll('img').length;"),
                "an element was made of the segment name");
        assertEquals(Boolean.TRUE, js.executeScript(
                "return document.body.textContent.includes(arguments[0]);", HOSTILE));
        screenshot(driver, "console-hostile-name.png");
        System.out.println("hostile segment name rendered as text with model v" + version);
    }

    /**
     * The console's Content-Security-Policy: sent with the page, and applied by the browser to script added to the
     * page (WebDriver's own script is exempt, the elements it adds are not).
     */
    private void inlineScriptIsRefused(ChromeDriver driver, String base) throws Exception {
        HttpResponse<String> page = get(base + "/console");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        String scriptSrc = java.util.Arrays.stream(csp.split(";")).map(String::strip)
                .filter(d -> d.startsWith("script-src ")).findFirst().orElseThrow();
        assertEquals("script-src 'self'", scriptSrc, csp);
        assertTrue(csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());

        JavascriptExecutor js = driver;
        js.executeScript("""
                const s = document.createElement('script');
                s.textContent = 'window.inlineScriptRan = true;';
                document.body.appendChild(s);
                document.body.insertAdjacentHTML('beforeend',
                    '<img id="csp-probe" src="data:," onload="window.inlineHandlerRan = true">');""");
        Thread.sleep(500);
        assertEquals(null, js.executeScript("return window.inlineScriptRan;"), "an inline script ran");
        assertEquals(null, js.executeScript("return window.inlineHandlerRan;"), "an inline event handler ran");
        List<String> refusals = severe(driver);
        assertTrue(refusals.stream().filter(m -> m.contains("Content Security Policy")).count() >= 2,
                "the browser reports both refusals: " + refusals);
    }

    /** Browser console messages at SEVERE since the last call. */
    private static List<String> severe(ChromeDriver driver) {
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(entry.getMessage());
            }
        }
        return severe;
    }

    /** The value of an address line the demo prints ({@code "bootstrap.servers    127.0.0.1:..."}). */
    private static String printed(String output, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s+(\\S+)").matcher(output);
        assertTrue(m.find(), "the demo printed no " + key + ":\n" + output);
        return m.group(1);
    }

    private static ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800",
                "--disable-background-networking", "--disable-component-update", "--no-first-run");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static long points(WebElement body, String chart) {
        String v = body.getDomAttribute("data-points-" + chart);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static Path screenshot(ChromeDriver driver, String name) throws Exception {
        Path shot = Path.of("target", name).toAbsolutePath();
        Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        assertTrue(Files.size(shot) > 20_000, "screenshot " + shot);
        return shot;
    }

    /** The console's base URL, from the line the demo prints. */
    private String consoleBase(Path output, Process demo) throws Exception {
        Pattern line = Pattern.compile("web console\\s+(http://[^/\\s]+)/console#token=(\\S+)");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            Matcher m = line.matcher(Files.readString(output));
            if (m.find()) {
                token = m.group(2);
                return m.group(1);
            }
            assertTrue(demo.isAlive(), "demo exited:\n" + Files.readString(output));
            Thread.sleep(250);
        }
        throw new AssertionError("no console address within 3 minutes:\n" + Files.readString(output));
    }

    /** Waits until a model is in use and returns a customer of its first segment. */
    private String waitForSegmentedCustomer(String base, Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> overview = get(base + "/console/api/overview");
            if (overview.statusCode() == 200) {
                JsonNode o = JSON.readTree(overview.body());
                if (!o.get("model").isNull() && !o.get("segments").isEmpty()) {
                    for (JsonNode segment : o.get("segments")) {
                        JsonNode members = JSON.readTree(get(base + "/customers?segment="
                                + segment.get("id").asText() + "&limit=1").body()).get("customers");
                        if (members != null && !members.isEmpty()) {
                            return members.get(0).get("customerId").asText();
                        }
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no segmented customer within 3 minutes:\n" + Files.readString(output));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path fixture() throws URISyntaxException {
        return TestData.demoSample();
    }
}
