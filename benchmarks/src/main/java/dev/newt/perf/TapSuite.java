package dev.newt.perf;

import dev.newt.net.app.AppSpecs;
import dev.newt.net.app.HttpResponse;
import dev.newt.net.app.NewtHttpClient;
import dev.newt.net.tap.Command;
import dev.newt.net.tap.TapHost;
import dev.newt.net.tap.TapNamespace;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Newt host on a TAP device in a private network namespace, set up as {@code newt host --http DIR}
 * sets it up (threaded executor, parking idle strategy, the HTTP file server reading a directory),
 * against Linux's own tools in the namespace:
 * <ul>
 *   <li><b>download</b> (Newt sends): {@code curl} fetches a large file from Newt's HTTP server; the
 *       figure is curl's {@code speed_download};</li>
 *   <li><b>upload</b> (Linux sends, Newt receives): Newt's HTTP file server takes {@code GET} only, so
 *       Newt's {@link NewtHttpClient} pulls the same file from {@code python3 -m http.server} in the
 *       namespace, every byte checked, timed from the request to the last byte;</li>
 *   <li><b>short connections</b>: Apache Bench, {@code ab -n N -c 20} (no keep-alive) for a 16 KiB
 *       file: requests/s, the median total time and the median connect time, against Newt over TAP
 *       and, as the reference of the same run, against {@code python3 -m http.server} on the
 *       namespace's loopback.</li>
 * </ul>
 * Skipped, with the reason printed, when not root, without {@code /dev/net/tun}, or without
 * {@code curl}, {@code ab} or {@code python3}.
 */
final class TapSuite {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int PYTHON_TAP_PORT = 8080;
    private static final int PYTHON_LOOPBACK_PORT = 8081;
    private static final String BIG = "big.bin";
    private static final String SMALL = "16k.bin";
    private static final int SMALL_BYTES = 16 * 1024;
    private static final int CONCURRENCY = 20;

    private TapSuite() {
    }

    /** @return why the suite cannot run here, or empty */
    static Optional<String> unavailable() {
        final Optional<String> ns = TapNamespace.unavailable();
        if (ns.isPresent()) {
            return ns;
        }
        return Stream.of("curl", "ab", "python3").filter(p -> Command.find(p).isEmpty()).findFirst()
            .map(p -> "'" + p + "' is not installed" + (p.equals("ab") ? " (Debian: apache2-utils)" : ""));
    }

    /**
     * @param mib      size of the bulk file, MiB
     * @param rounds   measured rounds of the bulk transfers (after one warm-up round)
     * @param requests requests per Apache Bench run
     * @param abRounds measured Apache Bench rounds (after a warm-up run of a tenth as many requests)
     * @param progress where a line per measurement goes
     * @return the figures; none (and a line saying why) when the suite cannot run here
     */
    static List<Figure> run(final int mib, final int rounds, final int requests, final int abRounds,
                            final PrintStream progress) {
        final Optional<String> why = unavailable();
        if (why.isPresent()) {
            progress.println("  skipped: " + why.get());
            return List.of();
        }
        try {
            return measure(mib, rounds, requests, abRounds, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("tap suite", e);
        }
    }

    private static List<Figure> measure(final int mib, final int rounds, final int requests, final int abRounds,
                                        final PrintStream progress) throws IOException {
        final byte[] big = new byte[mib << 20];
        new SplittableRandom(1).nextBytes(big);
        final byte[] small = new byte[SMALL_BYTES];
        new SplittableRandom(2).nextBytes(small);
        final Path dir = Files.createTempDirectory("newt-tap-suite-");
        Files.write(dir.resolve(BIG), big);
        Files.write(dir.resolve(SMALL), small);
        final String python = Command.find("python3").orElseThrow().toString();
        try (TapNamespace ns = TapNamespace.create();
             TapHost newt = TapHost.builder("newt", TapNamespace.NEWT + "/" + TapNamespace.PREFIX, ns.openDevice())
                 .app(h -> AppSpecs.httpServer(h, 80, dir))
                 .start()) {
            ns.start(dir.resolve("python-tap.log"), python, "-m", "http.server", String.valueOf(PYTHON_TAP_PORT),
                "--bind", TapNamespace.KERNEL.toString(), "--directory", dir.toString());
            ns.start(dir.resolve("python-lo.log"), python, "-m", "http.server", String.valueOf(PYTHON_LOOPBACK_PORT),
                "--bind", "127.0.0.1", "--directory", dir.toString());
            final String newtSmall = "http://" + TapNamespace.NEWT + "/" + SMALL;
            final String pySmall = "http://127.0.0.1:" + PYTHON_LOOPBACK_PORT + "/" + SMALL;
            awaitServing(ns, newtSmall);
            awaitServing(ns, pySmall);
            progress.printf("  %d MiB file, mtu %d, ab -n %d -c %d (no keep-alive) for %d bytes%n", mib,
                newt.link().device().mtu(), requests, CONCURRENCY, SMALL_BYTES);
            final List<Double> down = new ArrayList<>();
            final List<Double> up = new ArrayList<>();
            for (int r = -1; r < rounds; r++) {
                final double d = curl(ns, "http://" + TapNamespace.NEWT + "/" + BIG);
                final double u = pull(newt, big);
                progress.printf("  %-9s download (curl from Newt) %8.1f Mbit/s, upload (Newt pulls from python) %8.1f"
                    + " Mbit/s%n", r < 0 ? "warm-up" : "round " + (r + 1), d, u);
                if (r >= 0) {
                    down.add(d);
                    up.add(u);
                }
            }
            final List<Ab> abNewt = new ArrayList<>();
            final List<Ab> abPython = new ArrayList<>();
            for (int r = -1; r < abRounds; r++) {
                final int n = r < 0 ? Math.max(CONCURRENCY, requests / 10) : requests;
                final Ab a = ab(ns, n, newtSmall);
                final Ab p = ab(ns, n, pySmall);
                progress.printf("  %-9s ab Newt over TAP: %s%n", r < 0 ? "warm-up" : "round " + (r + 1), a);
                progress.printf("  %-9s ab python loopback: %s%n", r < 0 ? "warm-up" : "round " + (r + 1), p);
                progress.printf("  %-9s latest checkpoints after it: %s%n", "", checkpoints(newt));
                if (r >= 0) {
                    abNewt.add(a);
                    abPython.add(p);
                }
            }
            final List<Figure> out = new ArrayList<>();
            out.add(Figure.of("tap", "download, curl from Newt", array(down), "Mbit/s", ">= 1000"));
            out.add(Figure.of("tap", "upload, Newt client from python", array(up), "Mbit/s", ">= 1000"));
            out.add(Figure.of("tap", "ab Newt requests/s", abNewt.stream().mapToDouble(Ab::perSecond).toArray(),
                "req/s", ">= 2000"));
            out.add(Figure.of("tap", "ab Newt p50", abNewt.stream().mapToDouble(Ab::p50).toArray(), "ms", "<= 10"));
            out.add(Figure.of("tap", "ab Newt connect median", abNewt.stream().mapToDouble(Ab::connect).toArray(),
                "ms", ""));
            out.add(Figure.of("tap", "ab Newt failed requests", abNewt.stream().mapToDouble(Ab::failed).toArray(),
                "", "0"));
            out.add(Figure.of("tap", "ab python loopback requests/s",
                abPython.stream().mapToDouble(Ab::perSecond).toArray(), "req/s", ""));
            out.add(Figure.of("tap", "ab python loopback p50", abPython.stream().mapToDouble(Ab::p50).toArray(), "ms",
                ""));
            final double[] ratio = new double[abNewt.size()];
            for (int i = 0; i < ratio.length; i++) {
                ratio[i] = abNewt.get(i).perSecond() / abPython.get(i).perSecond();
            }
            out.add(Figure.of("tap", "ab requests/s Newt/python", ratio, "x", ""));
            return out;
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** @return the size of the latest checkpoint of the host's pf, tcp, sock and HTTP server: what they hold */
    private static String checkpoints(final TapHost newt) {
        final StringBuilder b = new StringBuilder();
        for (String s : List.of("pf", "tcp", "sock", "app.http")) {
            final String name = newt.host().name() + "." + s;
            b.append(name).append(' ').append(newt.runtime().store().latest(name).map(c -> c.size() / 1024 + " KB")
                .orElse("none")).append("; ");
        }
        return b.toString();
    }

    private static double[] array(final List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Waits until a server answers, so that no measurement includes a server starting. */
    private static void awaitServing(final TapNamespace ns, final String url) throws IOException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!ns.run(Duration.ofSeconds(10), "curl", "-sS", "--fail", "-o", "/dev/null", "--max-time", "5", url)
            .ok()) {
            if (System.nanoTime() > deadline) {
                throw new IOException(url + " does not answer within 30 s");
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }

    /** @return Mbit/s as curl measured */
    private static double curl(final TapNamespace ns, final String url) throws IOException {
        final Command c = ns.run(TIMEOUT, "curl", "-sS", "--fail", "-o", "/dev/null", "-w", "%{speed_download}", url)
            .orThrow();
        return Double.parseDouble(c.stdout().strip()) * 8 / 1e6;
    }

    /** @return Mbit/s from the request to the last byte, Newt receiving from Linux */
    private static double pull(final TapHost newt, final byte[] file) throws IOException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (NewtHttpClient http = NewtHttpClient.connect(newt.runtime(), newt.host().name(),
                TapNamespace.KERNEL, PYTHON_TAP_PORT, TIMEOUT)) {
                final long t0 = System.nanoTime();
                final HttpResponse r = http.get("/" + BIG, true);
                final long nanos = System.nanoTime() - t0;
                if (r.status() != 200 || !Arrays.equals(r.body(), file)) {
                    throw new IOException("Linux->Newt: wrong answer, status " + r.status());
                }
                return file.length * 8 / (nanos / 1e9) / 1e6;
            } catch (ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                LockSupport.parkNanos(50_000_000L);
            }
        }
    }

    /**
     * One Apache Bench run.
     *
     * @param perSecond requests per second
     * @param p50       median total time of a request, ms
     * @param connect   median connect time, ms
     * @param failed    failed requests
     */
    record Ab(double perSecond, double p50, double connect, double failed) {
        @Override
        public String toString() {
            return String.format("%.0f requests/s, p50 %.0f ms, connect median %.0f ms, %.0f failed", perSecond, p50,
                connect, failed);
        }
    }

    private static final Pattern RPS = Pattern.compile("Requests per second:\\s+([\\d.]+)");
    private static final Pattern P50 = Pattern.compile("(?m)^\\s+50%\\s+(\\d+)");
    private static final Pattern CONNECT = Pattern.compile("(?m)^Connect:\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+)\\s+(\\d+)");
    private static final Pattern FAILED = Pattern.compile("Failed requests:\\s+(\\d+)");

    /** Runs ab ({@code -r}: a reset does not end the run, it counts as failed) and reads its report. */
    private static Ab ab(final TapNamespace ns, final int n, final String url) throws IOException {
        final Command c = ns.run(TIMEOUT, "ab", "-q", "-r", "-s", "30", "-n", String.valueOf(n), "-c",
            String.valueOf(CONCURRENCY), url);
        final String o = c.stdout();
        final Matcher rps = RPS.matcher(o);
        final Matcher p50 = P50.matcher(o);
        final Matcher connect = CONNECT.matcher(o);
        final Matcher failed = FAILED.matcher(o);
        if (!c.ok() || !rps.find() || !p50.find() || !connect.find() || !failed.find()) {
            throw new IOException("ab " + url + ": exit " + c.exitCode() + ", unreadable report: " + o + c.stderr());
        }
        return new Ab(Double.parseDouble(rps.group(1)), Double.parseDouble(p50.group(1)),
            Double.parseDouble(connect.group(4)), Double.parseDouble(failed.group(1)));
    }
}
