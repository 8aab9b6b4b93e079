package dev.newt.perf;

import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.store.Checkpoint;
import dev.newt.net.api.NewtSocket;
import dev.newt.net.app.AppSpecs;
import dev.newt.net.tcp.TcpConfig;
import dev.newt.net.tcp.TcpServer;
import dev.newt.net.topology.Topology;
import dev.newt.update.UpdateManager;
import dev.newt.update.UpdateOutcome;
import dev.newt.update.UpdatePlan;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.newt.core.message.Envelope;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.wire.Ipv4Address;

/**
 * Downtime of a live update of a host's tcp, from version 1 to the {@code tcp-v2} image the build
 * makes, against the number of connections it holds: a fresh threaded runtime per update, host a
 * holding N open connections to an echo server on host b; the figure is the update's downtime
 * (the time tcp did not serve its mailbox). Each update is measured twice, alternated: with pre-copy
 * only, and with the new version warmed in a shadow before the switch ({@code UpdatePlan.warmUp}),
 * while one more connection carries echo round trips (the messages the shadow handles). The
 * connections open in batches of concurrent calls, not one blocking call each.
 */
final class UpdateSuite {
    private static final String IMAGE = "tcp-v2";

    /** Messages the shadow handles to count as warm, and the longest warm-up. */
    private static final long WARM_MESSAGES = Long.getLong("newt.bench.update.warm-messages", 20_000);
    private static final Duration WARM_DEADLINE = Duration.ofMillis(Long.getLong("newt.bench.update.warm-ms", 2_000));
    /** Connects under way at once: the echo server's accept backlog (16), so that no SYN is refused and retried. */
    private static final int BATCH = 16;

    private UpdateSuite() {
    }

    /** Opens {@code n} idle connections from host a to the echo server, {@link #BATCH} calls at a time. */
    private static void openInBatches(final NewtClient client, final Ipv4Address echo, final int n) {
        for (int done = 0; done < n; ) {
            final List<CompletableFuture<Envelope>> calls = new ArrayList<>();
            for (int i = 0; i < BATCH && done + i < n; i++) {
                calls.add(client.request("a.sock", new StreamConnect(echo, 7, 0)));
            }
            for (CompletableFuture<Envelope> c : calls) {
                final Object reply = c.orTimeout(30, TimeUnit.SECONDS).join().payload();
                if (!(reply instanceof StreamConnected)) {
                    throw new IllegalStateException("connection " + done + " not opened: " + reply);
                }
                done++;
            }
        }
    }

    /** Echo round trips of 64 bytes on one connection, on a thread of its own, until closed. */
    private static final class EchoLoop implements AutoCloseable {
        private final NewtSocket socket;
        private final Thread thread;
        private volatile boolean stop;

        EchoLoop(final NewtSocket socket) {
            this.socket = socket;
            this.thread = new Thread(this::run, "bench.update.echo");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            final byte[] out = new byte[64];
            final byte[] in = new byte[64];
            try {
                while (!stop) {
                    socket.getOutputStream().write(out);
                    int got = 0;
                    while (got < in.length) {
                        final int r = socket.getInputStream().read(in, got, in.length - got);
                        if (r < 0) {
                            return;
                        }
                        got += r;
                    }
                }
            } catch (IOException e) {
                // The socket closed under it: the run is over.
            }
        }

        @Override
        public void close() {
            stop = true;
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.close();
        }
    }

    /**
     * @param sizes    connection counts (the system property {@code newt.bench.update.sizes}, a comma-separated
     *                 list, replaces them)
     * @param updates  updates per count and mode (the system property {@code newt.bench.update.reps} replaces it)
     * @param progress where a line per update goes
     * @return downtime p50 per count, in microseconds; nothing (and a line saying why) when the
     *         image is not built
     */
    static List<Figure> run(final int[] sizes, final int updates, final PrintStream progress) {
        final Path dir = Path.of(System.getProperty("newt.images", "update-manager/target/images")).resolve(IMAGE);
        if (!Files.isDirectory(dir)) {
            progress.println("  skipped: no " + IMAGE + " image at " + dir.toAbsolutePath()
                + " (build update-manager with Maven, or set -Dnewt.images)");
            return List.of();
        }
        final List<Figure> out = new ArrayList<>();
        final String given = System.getProperty("newt.bench.update.sizes");
        final int[] counts = given == null ? sizes
            : java.util.Arrays.stream(given.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
        final int reps = Integer.getInteger("newt.bench.update.reps", updates);
        for (int n : counts) {
            final double[] us = new double[reps];
            final double[] mbs = new double[reps];
            final double[] warmUs = new double[reps];
            final double[] warmMbs = new double[reps];
            for (int r = 0; r < reps; r++) {
                final double[] once = once(n, dir, false, progress);
                us[r] = once[0];
                mbs[r] = once[1];
                final double[] warm = once(n, dir, true, progress);
                warmUs[r] = warm[0];
                warmMbs[r] = warm[1];
            }
            out.add(Figure.of("update", "tcp v1->v2, " + n + " connections, downtime (pre-copy)", us, "us", ""));
            out.add(Figure.of("update", "tcp v1->v2, " + n + " connections, downtime (warm shadow)", warmUs, "us",
                n == 100 ? "<= 2000" : n >= 10_000 ? "<= 10000" : ""));
            out.add(Figure.of("update", "tcp v1->v2, " + n + " connections, state per transfer time (pre-copy)", mbs,
                "MB/s", ""));
            out.add(Figure.of("update", "tcp v1->v2, " + n + " connections, state per transfer time (warm shadow)",
                warmMbs, "MB/s", ">= 200"));
        }
        return out;
    }

    /** @return the downtime in microseconds and the state's size over the transfer phase in MB/s */
    private static double[] once(final int connections, final Path dir, final boolean warm, final PrintStream progress) {
        final Topology t = NewtBulk.twoHosts(1500).build();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(3).threaded("backoff"))
            .server(AppSpecs.echo(t.host("b"), 7)).build()) {
            rt.start();
            final NewtClient client = rt.client("bench.sockets");
            openInBatches(client, t.host("b").address(), connections);
            final ServerImage image = ServerImage.ofPackageAt(IMAGE, dir, TcpServer.class);
            UpdatePlan plan = UpdatePlan.of("a.tcp", ImageSpecs.sameSettings(
                rt.spec("a.tcp"), image, TcpServer.class.getName(), TcpServer.State.class.getName(), t.host("a"),
                TcpConfig.DEFAULTS)).quiesceDeadline(Duration.ofSeconds(10));
            if (warm) {
                plan = plan.warmUp(WARM_MESSAGES, WARM_DEADLINE);
            }
            final UpdateOutcome o;
            try (EchoLoop echo = new EchoLoop(NewtSocket.connect(client, "a", t.host("b").address(), 7,
                Duration.ofSeconds(10)))) {
                o = UpdateManager.of(rt).update(plan);
            }
            if (o.result() != UpdateOutcome.Result.COMMITTED) {
                throw new IllegalStateException("update with " + connections + " connections: " + o.result() + ": "
                    + o.reason());
            }
            final int stateBytes = rt.store().latest("a.tcp").map(Checkpoint::size).orElse(0);
            final String precopy = o.precopy().stream().map(p -> ", pre-copy rounds " + p.roundParts()
                + " parts, " + p.roundBytes().stream().mapToLong(Long::longValue).sum() / 1024 + " KB; at the safe point "
                + p.safePointParts() + " parts").findFirst().orElse(", stop-and-copy");
            progress.printf("  %5d connections, %s (latest tcp checkpoint %d KB): quiesce %.0f us, transfer %.0f us, "
                    + "downtime %.0f us%s%n", connections, warm ? "warm shadow" : "pre-copy", stateBytes / 1024,
                o.quiesceNanos() / 1e3, o.transferNanos() / 1e3, o.downtimeNanos() / 1e3, precopy);
            return new double[] {o.downtimeNanos() / 1e3, stateBytes / 1e6 / Math.max(1e-9, o.transferNanos() / 1e9)};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the connections", e);
        }
    }
}
