package dev.newt.net.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.net.app.AppSpecs;
import dev.newt.net.workload.StreamPattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One scenario's world: a namespace with its TAP device, a Newt host {@code newt} (10.77.0.2) on
 * it serving {@link #FILE} over HTTP on port 80, and a scratch directory. Closing removes all of
 * it: the host (threads, runtime, device), then the namespace (programs started in it, nftables
 * tables), then the directory.
 */
final class TapScenario implements AutoCloseable {
    /** The file Newt serves and Linux serves: 4 MiB of a seeded pattern. */
    static final byte[] FILE = StreamPattern.make(77, 0, 4 << 20);
    static final String PATH = "/data.bin";
    /**
     * A smaller file for lossy links: at 5% loss each way Newt's tcp (NewReno without SACK, RTO
     * at least 200 ms) needed about 26 s for the 4 MiB file, mostly in retransmission timeouts.
     */
    static final byte[] SMALL_FILE = StreamPattern.make(78, 0, 1 << 20);
    static final String SMALL_PATH = "/small.bin";
    static final String HOST = "newt";
    static final Duration TRANSFER_LIMIT = Duration.ofSeconds(60);

    final TapNamespace ns;
    final TapHost newt;
    final Path dir;

    private TapScenario(final TapNamespace ns, final TapHost newt, final Path dir) {
        this.ns = ns;
        this.newt = newt;
        this.dir = dir;
    }

    /**
     * @param host adjusts the Newt host (wire impairments, server adjustments) before it starts
     * @return a running scenario, or the test is skipped when TAP devices are not available here
     */
    static TapScenario start(final UnaryOperator<TapHost.Builder> host) throws IOException {
        TapFixture.requireTool("curl");
        final TapNamespace ns = TapFixture.namespace();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("newt-tap-");
            final TapHost newt = host.apply(TapHost.builder(HOST, TapNamespace.NEWT + "/" + TapNamespace.PREFIX,
                    ns.openDevice())
                .app(h -> AppSpecs.httpServer(h, 80, Map.of(PATH, FILE, SMALL_PATH, SMALL_FILE))))
                .start();
            awaitListening(newt);
            return new TapScenario(ns, newt, dir);
        } catch (IOException | RuntimeException e) {
            ns.close();
            deleteTree(dir);
            throw e;
        }
    }

    /** Waits until the HTTP server listens, so that a client started at once is not refused. */
    private static void awaitListening(final TapHost newt) {
        final long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        try {
            while (newt.stats(HOST + ".sock", java.time.Duration.ofSeconds(5)).get("listeners") < 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Newt's HTTP server did not listen within 10 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot ask Newt's sock whether it listens: " + e, e);
        }
    }

    static TapScenario start() throws IOException {
        return start(b -> b);
    }

    /** Runs curl in the namespace to fetch one of Newt's files into the scratch directory. */
    Path curlFromNewt(final String path) throws IOException {
        final Path out = dir.resolve("from-newt.bin");
        final String[] argv = curlArgv(path, out);
        final Command c = ns.run(TRANSFER_LIMIT.plusSeconds(5), argv);
        assertThat(c.exitCode()).as("curl: %s", c.stderr()).isZero();
        return out;
    }

    String[] curlArgv(final String path, final Path out, final String... extraArgs) {
        final String[] base = {"curl", "-sS", "--fail", "--max-time", String.valueOf(TRANSFER_LIMIT.toSeconds()),
            "-o", out.toString()};
        final String[] argv = new String[base.length + extraArgs.length + 1];
        System.arraycopy(base, 0, argv, 0, base.length);
        System.arraycopy(extraArgs, 0, argv, base.length, extraArgs.length);
        argv[argv.length - 1] = "http://" + TapNamespace.NEWT + path;
        return argv;
    }

    /**
     * @return where two byte arrays first differ and their lengths, for a failure message; empty when equal
     */
    static String difference(final byte[] expected, final byte[] actual) {
        final int at = java.util.Arrays.mismatch(expected, actual);
        if (at < 0) {
            return "";
        }
        return "expected " + expected.length + " bytes, got " + actual.length + ", first difference at byte " + at
            + shift(expected, actual, at);
    }

    /** Looks for the bytes after a difference earlier or later in the expected ones: data repeated or lost. */
    private static String shift(final byte[] expected, final byte[] actual, final int at) {
        final int probe = Math.min(256, actual.length - at);
        for (int d = 1; d <= 1 << 20; d++) {
            for (final int from : new int[] {at - d, at + d}) {
                if (from >= 0 && from + probe <= expected.length
                    && java.util.Arrays.equals(actual, at, at + probe, expected, from, from + probe)) {
                    return "; the bytes from there are the expected ones from " + from + " (" + (from < at
                        ? (at - from) + " bytes repeated)" : (from - at) + " bytes missing)");
                }
            }
        }
        return "; the bytes from there match no nearby expected bytes";
    }

    static String sha256(final byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(final Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    @Override
    public void close() {
        try {
            newt.close();
        } finally {
            try {
                ns.close();
            } finally {
                deleteTree(dir);
            }
        }
        assertThat(newt.link().unstoppedThreads()).as("tap threads left running").isEmpty();
    }

    private static void deleteTree(final Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A scratch directory under /tmp: nothing depends on its removal.
        }
    }
}
