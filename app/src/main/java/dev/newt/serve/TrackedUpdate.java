package dev.newt.serve;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.UpdatePhase;
import dev.newt.update.UpdateOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One live update requested through the API: its phases as their {@code update-phase} events come
 * (those whose server is this update's servers, after it was requested), then its outcome.
 */
final class TrackedUpdate {
    private final String id;
    private final List<String> servers;
    private final String image;
    private final long requestedAt;
    private final List<Map<String, Object>> phases = new ArrayList<>();
    private final CompletableFuture<UpdateOutcome> outcome = new CompletableFuture<>();
    private String error;

    TrackedUpdate(final String id, final List<String> servers, final String image, final long requestedAt) {
        this.id = id;
        this.servers = List.copyOf(servers);
        this.image = image;
        this.requestedAt = requestedAt;
    }

    void follow(final CompletableFuture<UpdateOutcome> f) {
        f.whenComplete((o, e) -> {
            if (e != null) {
                synchronized (this) {
                    error = e.getMessage();
                }
                outcome.completeExceptionally(e);
            } else {
                outcome.complete(o);
            }
        });
    }

    /** Keeps this update's phase events; quick, as an event log listener must be. */
    void onEvent(final Event event) {
        if (outcome.isDone() || !(event instanceof CustomEvent c) || !EventKinds.UPDATE_PHASE.equals(c.kind())
            || c.time() < requestedAt || !String.join(",", servers).equals(c.server())) {
            return;
        }
        final UpdatePhase p = UpdatePhase.from(c);
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("phase", p.phase());
        m.put("start", p.start());
        m.put("end", p.end());
        synchronized (this) {
            phases.add(m);
        }
    }

    CompletableFuture<UpdateOutcome> outcome() {
        return outcome;
    }

    /** @return the JSON view: id, servers, image, status, phases, and once done the result */
    synchronized Map<String, Object> view() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("servers", servers);
        m.put("image", image);
        m.put("requestedAt", requestedAt);
        m.put("phases", List.copyOf(phases));
        if (!outcome.isDone()) {
            m.put("status", "running");
        } else if (error != null) {
            m.put("status", "failed");
            m.put("reason", error);
        } else {
            final UpdateOutcome o = outcome.join();
            m.put("status", "done");
            m.put("result", o.result().label());
            m.put("reason", o.reason());
            m.put("downtimeNanos", o.downtimeNanos());
            m.put("totalNanos", o.totalNanos());
        }
        return m;
    }
}
