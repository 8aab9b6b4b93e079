package dev.newt.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.newt.campaign.spec.CampaignReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: headless Chromium driven by Selenium through Debian's
 * chromium-driver (never a driver or browser downloaded: both paths are given). The page loads
 * with no console error, the (udp echo's) rate chart draws points, the crash form makes the server go to
 * restarting and back, and a screenshot is kept at target/serve-dashboard.png. Skipped, saying
 * why, without Chromium or its driver (.ci/run installs both as root).
 */
@Timeout(180)
class DashboardSeleniumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theDashboardDrawsAndItsCrashFormRestartsTheServer() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: chromium is not installed (apt-get install chromium)");
        assumeTrue(Files.isExecutable(DRIVER),
            "skipped: chromedriver is not installed (apt-get install chromium-driver; .ci/run does it as root)");
        final Path file = Path.of("src/test/resources/serve/small.yaml");
        try (LiveSystem system = LiveSystem.start(CampaignReader.read(file).campaign(), file.toString(),
            Files.readString(file, StandardCharsets.UTF_8), "simulated");
             ControlApi api = ControlApi.start(system, 0)) {
            final ChromeDriver browser = browser();
            try {
                browser.get(api.dashboardUrl());
                // The rows are drawn anew at every poll: an element found may be gone when read.
                final WebDriverWait wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(50));
                wait.ignoring(StaleElementReferenceException.class);
                final JavascriptExecutor js = browser;

                wait.withMessage("the rate chart draws points").until(d -> Boolean.TRUE.equals(js.executeScript(
                    "const c = window.newtCharts && newtCharts.rate.plot;"
                        + "return !!c && c.data.length > 1 && c.data[0].length > 2;")));
                wait.withMessage("the server rows are drawn").until(d -> !d.findElements(
                    By.cssSelector(".server[data-server='b.udp'][data-state='running']")).isEmpty());
                assertThat(js.executeScript("return location.hash")).as("the token left the URL").isEqualTo("");

                final WebElement form = browser.findElement(By.id("fault-form"));
                final WebElement target = form.findElement(By.name("target"));
                target.clear();
                target.sendKeys("b.udp");
                form.findElement(By.cssSelector("button")).click();
                wait.withMessage("the crash form is accepted").until(d ->
                    d.findElement(By.id("result")).getText().startsWith("202"));
                // The page records every state it showed a server in: restarting, then running again.
                wait.withMessage(() -> "b.udp shown restarting and back; shown: " + js.executeScript(
                    "return JSON.stringify(window.newtShown['b.udp'])") + "; timeline: "
                    + browser.findElement(By.id("timeline")).getText()).until(d -> Boolean.TRUE.equals(js.executeScript(
                    "const h = (window.newtShown || {})['b.udp'] || [];"
                        + "const i = h.indexOf('restarting');"
                        + "return i >= 0 && h.indexOf('running', i) > i;")));
                wait.withMessage("b.udp is running again, in a new epoch").until(d -> Boolean.TRUE.equals(
                    js.executeScript("const r = document.querySelector(\".server[data-server='b.udp']\");"
                        + "return !!r && r.dataset.state === 'running' && !/ e1 /.test(r.textContent + ' ');")));

                final Path png = Path.of("target", "serve-dashboard.png").toAbsolutePath();
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), png, StandardCopyOption.REPLACE_EXISTING);
                assertThat(png).isRegularFile();

                final List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
                assertThat(errors).as("console errors").isEmpty();
            } finally {
                browser.quit();
            }
        }
    }

    private ChromeDriver browser() {
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-background-networking", "--window-size=1300,1500",
            "--user-data-dir=" + dir.resolve("profile"));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
