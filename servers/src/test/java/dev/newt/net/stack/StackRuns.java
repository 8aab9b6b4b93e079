package dev.newt.net.stack;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Helpers for end-to-end runs: a workload's summary, a server's counters. */
final class StackRuns {
    private StackRuns() {
    }

    /** @return the summary the named workload wrote, or null if it has not finished */
    static Map<String, Object> summary(final NewtRuntime rt, final String workload) {
        return rt.events().ofType(CustomEvent.class).stream()
            .filter(e -> e.kind().equals(EventKinds.WORKLOAD_SUMMARY) && e.server().equals(workload))
            .map(CustomEvent::fields).findFirst().orElse(null);
    }

    /** Runs (or, threaded, waits) until the workload's summary is written. */
    static Map<String, Object> awaitSummary(final NewtRuntime rt, final String workload, final Duration limit)
        throws Exception {
        if (rt.simulated()) {
            rt.runUntil(() -> summary(rt, workload) != null, limit);
        } else {
            rt.events().await(e -> e instanceof CustomEvent c && c.kind().equals(EventKinds.WORKLOAD_SUMMARY)
                && c.server().equals(workload), limit);
        }
        final Map<String, Object> s = summary(rt, workload);
        if (s == null) {
            throw new AssertionError(workload + " wrote no summary within " + limit);
        }
        return s;
    }

    /** @return the counters of a server, asked through a client */
    static Stats stats(final NewtRuntime rt, final NewtClient c, final String server) throws Exception {
        final CompletableFuture<Envelope> f = c.request(server, new StatsQuery());
        if (rt.simulated()) {
            rt.runUntil(f::isDone, Duration.ofSeconds(1));
        }
        return (Stats) f.get(10, TimeUnit.SECONDS).payload();
    }

    /** @return a summary figure as a long */
    static long figure(final Map<String, Object> summary, final String name) {
        return ((Number) summary.get(name)).longValue();
    }
}
