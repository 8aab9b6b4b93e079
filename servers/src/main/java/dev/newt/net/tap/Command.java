package dev.newt.net.tap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A program run to its end within a bound, its output collected: for the {@code ip}, {@code nft},
 * {@code ping} and {@code curl} a TAP namespace is driven with.
 *
 * @param argv     the program and its arguments
 * @param exitCode its exit code
 * @param stdout   what it printed
 * @param stderr   what it printed on standard error
 */
public record Command(List<String> argv, int exitCode, String stdout, String stderr) {
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    /** Copies the arguments. */
    public Command {
        argv = List.copyOf(argv);
    }

    /**
     * Runs a program and waits for it; one still running at the bound is killed.
     *
     * @param timeout the longest wait
     * @param argv    the program and its arguments
     * @return how it ended
     * @throws IOException if it cannot start, or does not end in time
     */
    public static Command run(final Duration timeout, final List<String> argv) throws IOException {
        final Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        final CompletableFuture<String> out = drain(p.getInputStream());
        final CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IOException(String.join(" ", argv) + ": still running after " + timeout + ", killed");
            }
            return new Command(argv, p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", argv) + ": interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(String.join(" ", argv) + ": cannot read its output: " + e, e);
        }
    }

    /** Reads a stream to its end on a thread of its own, so a full pipe never blocks the program. */
    private static CompletableFuture<String> drain(final InputStream in) {
        final CompletableFuture<String> f = new CompletableFuture<>();
        final Thread t = new Thread(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        }, "newt-command-output");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** @return whether it exited 0 */
    public boolean ok() {
        return exitCode == 0;
    }

    /**
     * @return this, if it exited 0
     * @throws IOException naming the command, its exit code and what it printed on standard error
     */
    public Command orThrow() throws IOException {
        if (!ok()) {
            throw new IOException(String.join(" ", argv) + ": exit code " + exitCode + ": " + stderr.strip());
        }
        return this;
    }

    /**
     * Finds a program on the PATH or in the usual system directories (where {@code ip} and
     * {@code nft} live, which a non-root PATH may lack).
     *
     * @param program a program's name
     * @return its path, if it is installed
     */
    public static Optional<Path> find(final String program) {
        final String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")), SYSTEM_DIRS.stream())
            .filter(d -> !d.isEmpty())
            .map(d -> Path.of(d, program))
            .filter(Files::isExecutable)
            .findFirst();
    }
}
