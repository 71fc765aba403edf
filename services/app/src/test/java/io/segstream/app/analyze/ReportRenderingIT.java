package io.segstream.app.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.segstream.analysis.report.ReportFiles;
import io.segstream.testing.RequiredTool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the Online Retail report in headless Chromium: every image must load and no error may fire, as the
 * report's own check script records on {@code body}; a full-page screenshot is kept under target/.
 */
@Tag("integration")
class ReportRenderingIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void givenOnlineRetailReport_whenOpenedInHeadlessChromium_thenEveryImageLoadsWithoutErrors(@TempDir Path profile)
            throws Exception {
        RequiredTool.requireAt(CHROMIUM, "apt-get install -y chromium");
        Path out = Path.of("target/analyze/rendering").toAbsolutePath();
        AnalyzeCommandTest.Run run = AnalyzeCommandTest.run("analyze", "--input", AnalyzeCommandTest.RETAIL.toString(),
                "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        Path report = out.resolve(ReportFiles.REPORT);
        String html = Files.readString(report);
        assertTrue(!html.contains("http://") && !html.contains("https://"), "self-contained: no external URL");

        String dom = chromium(profile, "--virtual-time-budget=10000", "--dump-dom", report.toUri().toString());
        Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
        assertTrue(body.find(), "no body in the DOM dump: " + dom.substring(0, Math.min(500, dom.length())));
        String attributes = body.group(1);
        int images = count(html, "<img ");
        assertTrue(images >= 20, images + " images");
        assertTrue(attributes.contains("data-images=\"" + images + "\""), attributes);
        assertTrue(attributes.contains("data-broken-images=\"0\""), attributes);
        assertTrue(attributes.contains("data-errors=\"0\""), attributes);
        assertTrue(attributes.contains("data-report-status=\"ok\""), attributes);

        Path shot = Path.of("target/analyze-report.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium(profile, "--hide-scrollbars", "--window-size=1400,9000", "--screenshot=" + shot,
                report.toUri().toString());
        assertTrue(Files.size(shot) > 100_000, "screenshot " + shot);
        System.out.println("report screenshot: " + shot);
    }

    private static String chromium(Path profile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium exit code");
        return new String(stdout, StandardCharsets.UTF_8);
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
