package dev.newt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page renders in a real browser: headless Chromium takes a screenshot of the crafted report,
 * and the screenshot shows text, tables and coloured charts rather than a blank page. Skipped when
 * Chromium is not installed ({@code .ci/run} installs it).
 */
@ExtendWith(CraftedReport.Shared.class)
class ChromiumScreenshotTest {
    private static final long TIMEOUT_SECONDS = 90;

    /** Chromium's profile, its log and the screenshot. */
    @TempDir
    Path dir;

    private String chromium;

    /** Before the report is resolved as a parameter: without Chromium there is nothing to write. */
    @BeforeEach
    void findChromium() {
        final Optional<String> found = chromium();
        assumeTrue(found.isPresent(), "chromium is not installed: skipping the screenshot test "
            + "(apt-get install chromium, as .ci/run does)");
        chromium = found.get();
    }

    @Test
    void reportRendersInHeadlessChromiumAsANonBlankPage(final CraftedReport report) throws Exception {
        final Path html = report.files.html();
        final Path png = dir.resolve("screenshot.png");
        final Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + dir.resolve("profile"),
            "--screenshot=" + png, "--window-size=1200,2000", html.toUri().toString())
            .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        try {
            assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertThat(png).as(Files.readString(dir.resolve("chromium.log"))).isRegularFile();

        final BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(2000);
        long nonWhite = 0;
        final Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                final int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    nonWhite++;
                }
            }
        }
        final long sampled = (long) (image.getWidth() / 2) * (image.getHeight() / 2);
        System.out.printf("screenshot: %d distinct colours, %.1f%% non-white pixels%n", colours.size(),
            100.0 * nonWhite / sampled);
        assertThat(colours.size()).as("distinct colours (text, tables, outcome colours)").isGreaterThan(50);
        assertThat(nonWhite).as("non-white pixels").isGreaterThan(sampled / 20);
        assertThat(colours).as("the recovered outcome's green is on the page").contains(0x41ab5d);
    }

    private static Optional<String> chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                final File f = new File(dir, name);
                if (f.canExecute()) {
                    return Optional.of(f.getPath());
                }
            }
        }
        return Optional.empty();
    }
}
