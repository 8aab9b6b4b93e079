package dev.newt.bench.tap;

import dev.newt.net.app.AppSpecs;
import dev.newt.net.app.HttpResponse;
import dev.newt.net.app.NewtHttpClient;
import dev.newt.net.tap.Command;
import dev.newt.net.tap.TapHost;
import dev.newt.net.tap.TapNamespace;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * TCP throughput between Linux and a Newt host over a TAP device, each way, in a private network
 * namespace ({@link TapNamespace}); not a JMH benchmark (the work is in other processes and
 * threads) and not a test. Run as root:
 * <pre>
 *   mvn -q -B -DskipTests package -pl benchmarks -am
 *   java -cp benchmarks/target/benchmarks.jar dev.newt.bench.tap.TapThroughput [MiB] [rounds] [idle]
 * </pre>
 * <ul>
 *   <li>Newt to Linux: {@code curl} in the namespace downloads a file from Newt's HTTP server;
 *       the figure is curl's own {@code speed_download}.</li>
 *   <li>Linux to Newt: Newt's {@link NewtHttpClient} downloads the same file from
 *       {@code python3 -m http.server} in the namespace; timed from the request to the last byte.</li>
 * </ul>
 * Defaults: 32 MiB, 3 rounds, the {@code park} idle strategy (give {@code backoff} or {@code spin}
 * to compare). Prints each round and the median, in MB/s (10^6 bytes) and Mbit/s.
 */
public final class TapThroughput {
    private static final int PORT = 8080;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private TapThroughput() {
    }

    /**
     * @param args megabytes, rounds, idle strategy
     * @throws Exception on any failure
     */
    public static void main(final String[] args) throws Exception {
        final int mib = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final String idle = args.length > 2 ? args[2] : "park";
        final Optional<String> why = TapNamespace.unavailable();
        if (why.isPresent()) {
            System.err.println("TapThroughput: " + why.get());
            System.exit(2);
        }
        final byte[] file = new byte[mib << 20];
        new SplittableRandom(1).nextBytes(file);
        final Path dir = Files.createTempDirectory("newt-tap-bench-");
        Files.write(dir.resolve("file.bin"), file);
        try (TapNamespace ns = TapNamespace.create();
             TapHost newt = TapHost.builder("newt", TapNamespace.NEWT + "/" + TapNamespace.PREFIX, ns.openDevice())
                 .runtime(dev.newt.core.runtime.NewtRuntime.builder().threaded(idle))
                 .app(h -> AppSpecs.httpServer(h, 80, Map.of("/file.bin", file)))
                 .start()) {
            ns.start(dir.resolve("http-server.log"), Command.find("python3").orElseThrow().toString(), "-m",
                "http.server", String.valueOf(PORT), "--bind", TapNamespace.KERNEL.toString(), "--directory",
                dir.toString());
            final List<Double> toLinux = new ArrayList<>();
            final List<Double> toNewt = new ArrayList<>();
            System.out.printf(Locale.ROOT, "%d MiB each way, %d rounds, idle strategy %s, mtu %d%n", mib, rounds,
                idle, newt.link().device().mtu());
            for (int r = 1; r <= rounds; r++) {
                toLinux.add(curlFromNewt(ns));
                toNewt.add(newtFromLinux(newt, file));
                System.out.printf(Locale.ROOT, "round %d: Newt->Linux %.2f MB/s, Linux->Newt %.2f MB/s%n", r,
                    toLinux.get(r - 1) / 1e6, toNewt.get(r - 1) / 1e6);
            }
            report("Newt->Linux (curl from Newt's HTTP server)", toLinux);
            report("Linux->Newt (Newt's client from python3 http.server)", toNewt);
        } finally {
            Files.deleteIfExists(dir.resolve("file.bin"));
            Files.deleteIfExists(dir.resolve("http-server.log"));
            Files.deleteIfExists(dir);
        }
    }

    /** @return bytes per second, as curl measured */
    private static double curlFromNewt(final TapNamespace ns) throws IOException {
        final Command c = ns.run(TIMEOUT, "curl", "-sS", "--fail", "-o", "/dev/null", "-w", "%{speed_download}",
            "http://" + TapNamespace.NEWT + "/file.bin").orThrow();
        return Double.parseDouble(c.stdout().strip());
    }

    /** @return bytes per second from the request to the last byte */
    private static double newtFromLinux(final TapHost newt, final byte[] file) throws IOException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (NewtHttpClient http = NewtHttpClient.connect(newt.runtime(), newt.host().name(),
                TapNamespace.KERNEL, PORT, TIMEOUT)) {
                final long t0 = System.nanoTime();
                final HttpResponse r = http.get("/file.bin", true);
                final long nanos = System.nanoTime() - t0;
                if (r.status() != 200 || !Arrays.equals(r.body(), file)) {
                    throw new IOException("Linux->Newt: wrong answer, status " + r.status());
                }
                return file.length / (nanos / 1e9);
            } catch (ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                LockSupport.parkNanos(50_000_000L);
            }
        }
    }

    private static void report(final String what, final List<Double> bytesPerSecond) {
        final double[] s = bytesPerSecond.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final double median = s[s.length / 2];
        System.out.printf(Locale.ROOT, "%s: median %.2f MB/s = %.1f Mbit/s (min %.2f, max %.2f MB/s)%n", what,
            median / 1e6, median * 8 / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6);
    }
}
