package dev.newt.perf;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.BulkReceiver;
import dev.newt.net.workload.BulkSender;
import dev.newt.net.workload.RpcClient;
import dev.newt.net.workload.StreamWorkloadSpecs;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replicas of the stack (issue 22): (1) throughput against the number of replicas N on both hosts,
 * the same four bulk connections in every run (connection i in replica i mod N on both ends, the
 * flow hash being symmetric), on the real-time executor, rounds interleaved; (2) connections lost
 * when one replica's tcp crashes and restarts {@code fresh}, against N: twelve persistent rpc
 * connections from host a (N replicas) to host b, dealt evenly, on the simulated executor (so the
 * count is exact and the same in every run).
 */
final class ReplicasSuite {
    private static final int CONNECTIONS = 4;
    private static final int BASE_PORT = 5101;
    private static final long SEED = 22;
    private static final int RPC_CLIENTS = 12;
    private static final int RPCS = 60;

    private ReplicasSuite() {
    }

    /**
     * @param replicas the replica counts, the first the baseline of the ratios
     * @param bytes    bytes over all four connections per run
     * @param rounds   rounds of every count
     * @param progress where a line per run goes
     * @return MB/s per count, ratios to the first, and connections lost per crash per count
     */
    static List<Figure> run(final int[] replicas, final long bytes, final int rounds, final PrintStream progress) {
        final List<Figure> out = new ArrayList<>();
        progress.println("  warm-up:");
        throughput(1, Math.min(bytes, 8_000_000L), progress);
        final double[][] mbps = new double[replicas.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < replicas.length; i++) {
                mbps[i][r] = throughput(replicas[i], bytes, progress);
            }
        }
        final int cores = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < replicas.length; i++) {
            out.add(Figure.of("replicas", "bulk x" + CONNECTIONS + " MB/s, " + replicas[i] + " replicas (" + cores
                + " cores)", mbps[i], "MB/s", ""));
        }
        for (int i = 1; i < replicas.length; i++) {
            final double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = mbps[i][r] / mbps[0][r];
            }
            out.add(Figure.of("replicas", replicas[i] + " replicas/" + replicas[0], ratio, "x",
                "<= " + cores + " cores"));
        }
        for (int n : new int[] {1, 2, 3, 4}) {
            final int lost = lostPerCrash(n);
            progress.printf("  %d replicas: a tcp crash (fresh) lost %d of %d connections%n", n, lost, RPC_CLIENTS);
            out.add(Figure.of("replicas", "connections lost per replica crash, " + n + " replicas, " + RPC_CLIENTS
                + " connections", new double[] {lost}, "", "~" + RPC_CLIENTS / n));
        }
        return out;
    }

    /** @return MB/s of four bulk connections between hosts of {@code n} replicas each */
    static double throughput(final int n, final long bytes, final PrintStream progress) {
        final Topology t = NewtBulk.twoHosts(StackSuite.MTU).replicas("a", n).replicas("b", n).build();
        final long each = bytes / CONNECTIONS;
        final NewtRuntime.Builder b = t.install(NewtRuntime.builder().seed(SEED).realTime("backoff"));
        for (int i = 0; i < CONNECTIONS; i++) {
            final HostConfig a = t.host("a").asReplica(i % n);
            final HostConfig bh = t.host("b").asReplica(i % n);
            final BulkReceiver.Config rc = new BulkReceiver.Config(bh.server(HostNames.SOCK), BASE_PORT + i, each,
                SEED + i, StreamWorkloadSpecs.BULK_RECEIVE, StreamWorkloadSpecs.BULK_RECEIVES, StreamWorkloadSpecs.BIN,
                StreamWorkloadSpecs.DEADLINE);
            final BulkSender.Config sc = new BulkSender.Config(a.server(HostNames.SOCK), bh.address(), BASE_PORT + i,
                each, StreamWorkloadSpecs.BULK_CHUNK, StreamWorkloadSpecs.BULK_OUTSTANDING, SEED + i,
                StreamWorkloadSpecs.BIN, StreamWorkloadSpecs.DEADLINE);
            b.server(app(ServerSpec.of("b.app.bulk-receiver-" + i, BulkReceiver.State.class,
                () -> new BulkReceiver(rc), BulkReceiver.State::new)).withPlacement(placement("b", i % n)));
            b.server(app(ServerSpec.of("a.app.bulk-sender-" + i, BulkSender.State.class,
                () -> new BulkSender(sc), BulkSender.State::new)).withPlacement(placement("a", i % n)));
        }
        try (NewtRuntime rt = b.build()) {
            final long start = System.nanoTime();
            rt.start();
            for (int i = 0; i < CONNECTIONS; i++) {
                final String receiver = "b.app.bulk-receiver-" + i;
                final CustomEvent done = (CustomEvent) rt.events().await(e -> e instanceof CustomEvent c
                    && c.kind().equals(EventKinds.WORKLOAD_SUMMARY) && c.server().equals(receiver),
                    StreamWorkloadSpecs.DEADLINE.plus(Duration.ofSeconds(10)));
                final Map<String, Object> f = done.fields();
                if (!Boolean.TRUE.equals(f.get("complete")) || ((Number) f.get("bytesCorrupted")).longValue() != 0) {
                    throw new IllegalStateException(n + " replicas: connection " + i + " broken: " + f);
                }
            }
            final double mbps = each * CONNECTIONS / 1e6 / ((System.nanoTime() - start) / 1e9);
            progress.printf("  %d replicas: %.1f MB/s%n", n, mbps);
            return mbps;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(n + " replicas: a bulk receiver wrote no summary in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** An app in its replica's placement group, so that a replica and its applications share a worker. */
    private static String placement(final String host, final int replica) {
        return replica == 0 ? host : host + "#" + replica;
    }

    private static <S> ServerSpec<S> app(final ServerSpec<S> spec) {
        return spec.withCheckpoints(CheckpointPolicy.EVERY_MESSAGE).withMailboxCapacity(8192);
    }

    /**
     * @param n replicas of host a's stack
     * @return how many of the twelve rpc clients saw an error when replica n-1's tcp crashed and
     *         restarted fresh (simulated executor: the same count in every run)
     */
    static int lostPerCrash(final int n) {
        final String tcp = HostNames.replica("a", HostNames.TCP, n - 1);
        final Topology t = NewtBulk.twoHosts(1500).replicas("a", n)
            .configure(tcp, s -> Crashable.wrap(s).withRecovery(RecoveryPolicy.FRESH)
                .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE)).build();
        final NewtRuntime.Builder b = t.install(NewtRuntime.builder().seed(SEED))
            .server(StreamWorkloadSpecs.rpcServer(t.host("b"), 6001));
        for (int i = 0; i < RPC_CLIENTS; i++) {
            final RpcClient.Config cfg = new RpcClient.Config(t.host("a").asReplica(i % n).server(HostNames.SOCK),
                t.host("b").address(), 6001, RPCS, 100, 1000, true, Duration.ofMillis(2), SEED + i,
                StreamWorkloadSpecs.BIN, StreamWorkloadSpecs.DEADLINE);
            b.server(app(ServerSpec.of("a.app.rpc-" + i, RpcClient.State.class, () -> new RpcClient(cfg),
                RpcClient.State::new)));
        }
        try (NewtRuntime rt = b.build()) {
            rt.start();
            final NewtClient fault = rt.client("fault");
            rt.runFor(Duration.ofMillis(60));
            fault.send(tcp, Crashable.CRASH);
            rt.runUntil(() -> summaries(rt) == RPC_CLIENTS, Duration.ofSeconds(70));
            return (int) rt.events().ofType(CustomEvent.class).stream()
                .filter(e -> e.kind().equals(EventKinds.WORKLOAD_SUMMARY) && e.server().startsWith("a.app.rpc-"))
                .filter(e -> ((Number) e.fields().get("errorCount")).longValue() > 0).count();
        }
    }

    private static long summaries(final NewtRuntime rt) {
        return rt.events().ofType(CustomEvent.class).stream()
            .filter(e -> e.kind().equals(EventKinds.WORKLOAD_SUMMARY) && e.server().startsWith("a.app.rpc-")).count();
    }
}
