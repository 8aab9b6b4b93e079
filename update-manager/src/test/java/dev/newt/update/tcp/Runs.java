package dev.newt.update.tcp;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.workload.WorkloadEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Helpers for simulated two-host runs: a workload's summary, a server's counters, custom events. */
final class Runs {
    private Runs() {
    }

    /** @return the fields of every custom event of that kind, in order */
    static List<Map<String, Object>> events(final NewtRuntime rt, final String kind) {
        return rt.events().ofType(CustomEvent.class).stream().filter(e -> e.kind().equals(kind))
            .map(CustomEvent::fields).toList();
    }

    /** @return the summary the named workload wrote, or null if it has not finished */
    static Map<String, Object> summary(final NewtRuntime rt, final String workload) {
        return rt.events().ofType(CustomEvent.class).stream()
            .filter(e -> e.kind().equals(WorkloadEvents.SUMMARY) && e.server().equals(workload))
            .map(CustomEvent::fields).findFirst().orElse(null);
    }

    /** Runs the simulation until the workload's summary is written, at most {@code limit} of virtual time. */
    static Map<String, Object> awaitSummary(final NewtRuntime rt, final String workload, final Duration limit) {
        rt.runUntil(() -> summary(rt, workload) != null, limit);
        final Map<String, Object> s = summary(rt, workload);
        if (s == null) {
            throw new AssertionError(workload + " wrote no summary within " + limit + " of virtual time");
        }
        return s;
    }

    /** @return the counters of a server, asked through {@code client}, running the simulation until it answers */
    static Map<String, Long> counters(final NewtRuntime rt, final NewtClient client, final String server) {
        final CompletableFuture<Envelope> f = client.request(server, new StatsQuery());
        if (!rt.runUntil(f::isDone, Duration.ofSeconds(1))) {
            throw new AssertionError(server + " did not answer its stats query within 1 s of virtual time");
        }
        return ((Stats) f.join().payload()).counters();
    }

    /** @return a summary figure as a long */
    static long figure(final Map<String, Object> summary, final String name) {
        return ((Number) summary.get(name)).longValue();
    }
}
