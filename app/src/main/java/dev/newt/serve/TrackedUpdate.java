package dev.newt.serve;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.UpdatePhase;
import dev.newt.core.server.ServerSpec;
import dev.newt.update.UpdateOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One live update requested through the API: its phases as their {@code update-phase} events come
 * (those of this update's server, after it was requested), then its outcome; and the spec its
 * server ran before, which a rollback on request goes back to.
 */
final class TrackedUpdate {
    private final String id;
    private final int number;
    private final String server;
    private final String image;
    private final long requestedAt;
    private final ServerSpec<?> previous;
    private final String rollsBack;
    private final List<Map<String, Object>> phases = new ArrayList<>();
    private final CompletableFuture<UpdateOutcome> outcome = new CompletableFuture<>();
    private String error;
    private String rolledBackBy;

    TrackedUpdate(final String id, final int number, final String server, final String image,
                  final long requestedAt, final ServerSpec<?> previous, final String rollsBack) {
        this.id = id;
        this.number = number;
        this.server = server;
        this.image = image;
        this.requestedAt = requestedAt;
        this.previous = previous;
        this.rollsBack = rollsBack;
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
            || c.time() < requestedAt || !server.equals(c.server())) {
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

    String id() {
        return id;
    }

    /** @return its order among the updates requested */
    int number() {
        return number;
    }

    String server() {
        return server;
    }

    /** @return the spec its server ran before it */
    ServerSpec<?> previous() {
        return previous;
    }

    /** @return the update this one rolls back, or {@code null} */
    String rollsBack() {
        return rollsBack;
    }

    synchronized String rolledBackBy() {
        return rolledBackBy;
    }

    synchronized void rolledBackBy(final String rollback) {
        this.rolledBackBy = rollback;
    }

    /** @return whether it is done and committed */
    boolean committed() {
        return outcome.isDone() && !outcome.isCompletedExceptionally()
            && outcome.join().result() == UpdateOutcome.Result.COMMITTED;
    }

    /** @return why a rollback on request cannot undo it, or {@code null} if one can */
    synchronized String whyNotRollbackable() {
        if (!outcome.isDone()) {
            return "update " + id + " is still running; roll it back once it is done";
        }
        if (rolledBackBy != null) {
            return "update " + id + " was rolled back already, by " + rolledBackBy;
        }
        if (!committed()) {
            return "update " + id + " did not commit (" + (error != null ? "failed: " + error
                : outcome.join().result().label()) + "): its server still runs the version before it";
        }
        return null;
    }

    /** @return the JSON view: id, server, image, status, phases, and once done the result */
    synchronized Map<String, Object> view() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("servers", List.of(server));
        m.put("image", image);
        m.put("requestedAt", requestedAt);
        m.put("phases", List.copyOf(phases));
        if (rollsBack != null) {
            m.put("rollsBack", rollsBack);
        }
        if (rolledBackBy != null) {
            m.put("rolledBackBy", rolledBackBy);
        }
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
