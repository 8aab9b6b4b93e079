package dev.newt.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Headless Chromium for the tests that look at the page in a real browser; absent when not installed. */
final class Chromium {
    static final long TIMEOUT_SECONDS = 90;

    private Chromium() {
    }

    /** @return the browser's executable on the PATH, if any */
    static Optional<String> find() {
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

    /**
     * Loads a page at a window size, runs its scripts, and returns the DOM it ends with.
     *
     * @param chromium the executable
     * @param page     the page
     * @param work     a directory for the profile and the log
     * @param width    window width, pixels
     * @param height   window height, pixels
     * @return the serialised DOM
     */
    static String dumpDom(final String chromium, final Path page, final Path work, final int width, final int height)
        throws IOException, InterruptedException {
        final Path out = work.resolve("dom.html");
        final Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + work.resolve("profile"),
            "--window-size=" + width + "," + height, "--dump-dom", page.toUri().toString())
            .redirectError(work.resolve("chromium.log").toFile()).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("chromium did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
