package dev.newt.update.tcp;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers for two-host runs, simulated or threaded: a workload's summary, a server's counters, custom events. */
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
            .filter(e -> e.kind().equals(EventKinds.WORKLOAD_SUMMARY) && e.server().equals(workload))
            .map(CustomEvent::fields).findFirst().orElse(null);
    }

    /**
     * Runs the simulation (or, on real threads, waits) until the workload's summary is written, at
     * most {@code limit}.
     */
    static Map<String, Object> awaitSummary(final NewtRuntime rt, final String workload, final Duration limit) {
        if (rt.simulated()) {
            rt.runUntil(() -> summary(rt, workload) != null, limit);
        } else {
            try {
                rt.events().await(e -> e instanceof CustomEvent c && c.kind().equals(EventKinds.WORKLOAD_SUMMARY)
                    && c.server().equals(workload), limit);
            } catch (TimeoutException e) {
                // reported below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        final Map<String, Object> s = summary(rt, workload);
        if (s == null) {
            throw new AssertionError(workload + " wrote no summary within " + limit);
        }
        return s;
    }

    /**
     * @return the counters of a server, asked through {@code client}: running the simulation until
     *         it answers, or waiting for the answer on real threads, at most a second
     */
    static Map<String, Long> counters(final NewtRuntime rt, final NewtClient client, final String server) {
        final CompletableFuture<Envelope> f = client.request(server, new StatsQuery());
        try {
            if (rt.simulated()) {
                rt.runUntil(f::isDone, Duration.ofSeconds(1));
            }
            return ((Stats) f.get(1, TimeUnit.SECONDS).payload()).counters();
        } catch (TimeoutException e) {
            throw new AssertionError(server + " did not answer its stats query within 1 s", e);
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("stats query to " + server + " failed: " + e, e);
        }
    }

    /** @return a summary figure as a long */
    static long figure(final Map<String, Object> summary, final String name) {
        return ((Number) summary.get(name)).longValue();
    }
}
