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

/**
 * Downtime of a live update of a host's tcp, from version 1 to the {@code tcp-v2} image the build
 * makes, against the number of connections it holds: a fresh threaded runtime per update, host a
 * holding N open connections to an echo server on host b; the figure is the update's downtime
 * (the time tcp did not serve its mailbox).
 */
final class UpdateSuite {
    private static final String IMAGE = "tcp-v2";

    private UpdateSuite() {
    }

    /**
     * @param sizes    connection counts (the system property {@code newt.bench.update.sizes}, a comma-separated
     *                 list, replaces them)
     * @param reps     updates per count
     * @param progress where a line per update goes
     * @return downtime p50 per count, in microseconds; nothing (and a line saying why) when the
     *         image is not built
     */
    static List<Figure> run(final int[] sizes, final int reps, final PrintStream progress) {
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
        for (int n : counts) {
            final double[] us = new double[reps];
            final double[] mbs = new double[reps];
            for (int r = 0; r < reps; r++) {
                final double[] once = once(n, dir, progress);
                us[r] = once[0];
                mbs[r] = once[1];
            }
            out.add(Figure.of("update", "tcp v1->v2, " + n + " connections, downtime", us, "us",
                n == 100 ? "<= 2000" : n >= 10_000 ? "<= 10000" : ""));
            out.add(Figure.of("update", "tcp v1->v2, " + n + " connections, state per transfer time", mbs, "MB/s",
                ">= 200"));
        }
        return out;
    }

    /** @return the downtime in microseconds and the state's size over the transfer phase in MB/s */
    private static double[] once(final int connections, final Path dir, final PrintStream progress) {
        final Topology t = NewtBulk.twoHosts(1500).build();
        try (NewtRuntime rt = t.install(NewtRuntime.builder().seed(3).threaded("backoff"))
            .server(AppSpecs.echo(t.host("b"), 7)).build()) {
            rt.start();
            final NewtClient client = rt.client("bench.sockets");
            final List<NewtSocket> sockets = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                sockets.add(NewtSocket.connect(client, "a", t.host("b").address(), 7, Duration.ofSeconds(10)));
            }
            final ServerImage image = ServerImage.ofPackageAt(IMAGE, dir, TcpServer.class);
            final UpdateOutcome o = UpdateManager.of(rt).update(UpdatePlan.of("a.tcp", ImageSpecs.sameSettings(
                rt.spec("a.tcp"), image, TcpServer.class.getName(), TcpServer.State.class.getName(), t.host("a"),
                TcpConfig.DEFAULTS)).quiesceDeadline(Duration.ofSeconds(10)));
            if (o.result() != UpdateOutcome.Result.COMMITTED) {
                throw new IllegalStateException("update with " + connections + " connections: " + o.result() + ": "
                    + o.reason());
            }
            final int stateBytes = rt.store().latest("a.tcp").map(Checkpoint::size).orElse(0);
            final String precopy = o.precopy().stream().map(p -> ", pre-copy rounds " + p.roundParts()
                + " parts, " + p.roundBytes().stream().mapToLong(Long::longValue).sum() / 1024 + " KB; at the safe point "
                + p.safePointParts() + " parts").findFirst().orElse(", stop-and-copy");
            progress.printf("  %5d connections (latest tcp checkpoint %d KB): quiesce %.0f us, transfer %.0f us, downtime %.0f us%s%n",
                connections, stateBytes / 1024, o.quiesceNanos() / 1e3, o.transferNanos() / 1e3,
                o.downtimeNanos() / 1e3, precopy);
            sockets.forEach(NewtSocket::close);
            return new double[] {o.downtimeNanos() / 1e3, stateBytes / 1e6 / Math.max(1e-9, o.transferNanos() / 1e9)};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the connections", e);
        }
    }
}
