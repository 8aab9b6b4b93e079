package dev.newt.net.workload;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.sock.LoopbackTcp;
import dev.newt.net.sock.SockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Helpers for stream workload runs on one host {@code a} whose tcp is the in-memory
 * {@link LoopbackTcp} (crashable on command): summaries, metrics, counters, crashes.
 */
final class StreamRuns {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    private static final AtomicLong CLIENTS = new AtomicLong();

    private StreamRuns() {
    }

    /** @return a runtime builder with a.sock and a crashable loopback a.tcp */
    static NewtRuntime.Builder host(final long seed, final RecoveryPolicy tcpRecovery) {
        return NewtRuntime.builder().seed(seed).server(Crashable.wrap(SockServer.spec(HOST)))
            .server(Crashable.wrap(LoopbackTcp.spec(HOST, tcpRecovery)));
    }

    /** @return a runtime of host a with the given applications, started */
    static NewtRuntime start(final long seed, final RecoveryPolicy tcpRecovery, final ServerSpec<?>... apps) {
        final NewtRuntime.Builder b = host(seed, tcpRecovery);
        for (ServerSpec<?> app : apps) {
            b.server(app);
        }
        final NewtRuntime rt = b.build();
        rt.start();
        return rt;
    }

    /** @return the summary the named workload wrote, or null */
    static Map<String, Object> summary(final NewtRuntime rt, final String workload) {
        return rt.events().ofType(CustomEvent.class).stream()
            .filter(e -> e.kind().equals(EventKinds.WORKLOAD_SUMMARY) && e.server().equals(workload))
            .map(CustomEvent::fields).findFirst().orElse(null);
    }

    /** Runs until every named workload wrote its summary. */
    static void runUntilDone(final NewtRuntime rt, final Duration limit, final String... workloads) {
        rt.runUntil(() -> List.of(workloads).stream().allMatch(w -> summary(rt, w) != null), limit);
        for (String w : workloads) {
            if (summary(rt, w) == null) {
                throw new AssertionError(w + " wrote no summary within " + limit);
            }
        }
    }

    /** @return the metric events of the named workload, in order */
    static List<Map<String, Object>> metrics(final NewtRuntime rt, final String workload) {
        return rt.events().ofType(CustomEvent.class).stream()
            .filter(e -> e.kind().equals(EventKinds.WORKLOAD_METRIC) && e.server().equals(workload))
            .map(CustomEvent::fields).collect(Collectors.toList());
    }

    /** @return a summary figure as a long */
    static long figure(final Map<String, Object> summary, final String name) {
        return ((Number) summary.get(name)).longValue();
    }

    /** @return a server's counters */
    static Stats stats(final NewtRuntime rt, final String server) {
        final NewtClient c = rt.client("stats-" + CLIENTS.incrementAndGet());
        final CompletableFuture<Envelope> f = c.request(server, new StatsQuery());
        rt.runUntil(f::isDone, Duration.ofSeconds(1));
        return (Stats) Await.result(f).payload();
    }

    /** Crashes a server and runs until it has restarted. */
    static void crash(final NewtRuntime rt, final String server) {
        final long before = restarts(rt, server);
        rt.client("crasher-" + CLIENTS.incrementAndGet()).send(server, Crashable.CRASH);
        if (!rt.runUntil(() -> restarts(rt, server) > before, Duration.ofSeconds(1))) {
            throw new AssertionError(server + " did not restart");
        }
    }

    /** @return how many times the server restarted */
    static long restarts(final NewtRuntime rt, final String server) {
        return rt.events().ofType(ServerRestarted.class).stream().filter(e -> e.server().equals(server)).count();
    }
}
