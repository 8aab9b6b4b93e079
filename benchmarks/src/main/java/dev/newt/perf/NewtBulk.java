package dev.newt.perf;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ReplyOrphaned;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.StreamWorkloadSpecs;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Newt's bulk workload from host a to host b over one wire, timed by the receiver from accepting
 * the connection to the last byte checked.
 */
final class NewtBulk {
    private static final int PORT = 5001;
    private static final String RECEIVER = "b.app.bulk-receiver";

    private NewtBulk() {
    }

    /**
     * @param config    label of the configuration, for the run's record
     * @param topology  the two hosts, wired, with any adjustments (monolithic, woven servers)
     * @param bytes     how many bytes
     * @param seed      pattern and runtime seed
     * @param executor  configures the runtime's executor
     * @param installed called with the runtime before it starts (to arm faults)
     * @param finished  called with the runtime after the transfer, before it closes (to disarm them)
     * @return the transfer
     * @throws IllegalStateException if the receiver wrote no summary before the workload's deadline
     */
    static BulkRun run(final String config, final Topology.Builder topology, final long bytes, final long seed,
                       final UnaryOperator<NewtRuntime.Builder> executor, final Consumer<NewtRuntime> installed,
                       final Consumer<NewtRuntime> finished) {
        return run(config, topology, s -> s, bytes, seed, executor, installed, finished);
    }

    /**
     * As {@link #run(String, Topology.Builder, long, long, UnaryOperator, Consumer, Consumer)}, with
     * the two workloads' specs adjusted.
     *
     * @param config    label of the configuration
     * @param topology  the two hosts
     * @param apps      applied to the bulk sender's and receiver's specs
     * @param bytes     how many bytes
     * @param seed      pattern and runtime seed
     * @param executor  configures the runtime's executor
     * @param installed called with the runtime before it starts
     * @param finished  called with the runtime after the transfer
     * @return the transfer
     */
    static BulkRun run(final String config, final Topology.Builder topology, final UnaryOperator<ServerSpec<?>> apps,
                       final long bytes, final long seed, final UnaryOperator<NewtRuntime.Builder> executor,
                       final Consumer<NewtRuntime> installed, final Consumer<NewtRuntime> finished) {
        final Topology t = topology.build();
        final NewtRuntime.Builder b = executor.apply(t.install(NewtRuntime.builder().seed(seed)))
            .server(apps.apply(StreamWorkloadSpecs.bulkReceiver(t.host("b"), PORT, bytes, seed)))
            .server(apps.apply(StreamWorkloadSpecs.bulkSender(t.host("a"), t.host("b").address(), PORT, bytes, seed)));
        try (NewtRuntime rt = b.build()) {
            installed.accept(rt);
            rt.start();
            final Event done = rt.events().await(e -> e instanceof CustomEvent c
                && c.kind().equals(EventKinds.WORKLOAD_SUMMARY) && c.server().equals(RECEIVER),
                StreamWorkloadSpecs.DEADLINE.plus(Duration.ofSeconds(10)));
            finished.accept(rt);
            final Map<String, Object> f = ((CustomEvent) done).fields();
            final boolean intact = Boolean.TRUE.equals(f.get("complete"))
                && ((Number) f.get("bytesCorrupted")).longValue() == 0
                && ((Number) f.get("bytesReceived")).longValue() == bytes;
            // What a broken transfer saw, so that a failure names its evidence.
            final String detail = intact ? "" : f + "; restarts: " + rt.events().ofType(ServerRestarted.class)
                + "; orphaned replies: " + rt.events().ofType(ReplyOrphaned.class) + "; a.tcp " + stats(rt, "a.tcp")
                + "; a.sock " + stats(rt, "a.sock");
            return new BulkRun(config, bytes, ((Number) f.get("elapsedNanos")).longValue(), intact, detail);
        } catch (TimeoutException e) {
            throw new IllegalStateException(config + ": bulk receiver wrote no summary within the deadline", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Object stats(final NewtRuntime rt, final String server) {
        try {
            return rt.client("bench-" + server).request(server, new StatsQuery()).get(5, TimeUnit.SECONDS).payload();
        } catch (Exception e) {
            return "(no stats: " + e + ")";
        }
    }

    /**
     * @param mtu the wire's MTU
     * @return hosts a (10.0.0.1) and b (10.0.0.2) on one wire
     */
    static Topology.Builder twoHosts(final int mtu) {
        return Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24").wire("a", "b", w -> w.mtu(mtu));
    }
}
