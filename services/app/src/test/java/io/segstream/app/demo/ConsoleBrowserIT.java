package io.segstream.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.testing.TestData;
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
 */
@Tag("integration")
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path ROOT = TestData.repositoryRoot();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;
    /** The demo's API token, from the console address it prints. */
    private String token;

    @Test
    void givenARunningDemo_whenTheConsoleIsOpened_thenChartsHaveDataAndTheLookupMatchesTheApi() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
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

            assertEquals("0", body.getDomAttribute("data-errors"), "errors counted by the page");
            List<String> severe = new ArrayList<>();
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    severe.add(entry.getMessage());
                }
            }
            assertEquals(List.of(), severe, "browser console errors");
            System.out.println("console screenshot: " + shot);
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
        return Path.of(ConsoleBrowserIT.class.getResource("/demo/retail-sample.csv.gz").toURI());
    }
}
