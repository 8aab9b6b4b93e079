package dev.newt.campaign.invariant;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ServerStarted;
import dev.newt.results.Outcome;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Updates end committed or rolled back (or aborted before any switch), never half: an
 * {@code update-finished} says one of those; a committed update started a new incarnation of every
 * one of its servers by the update (a {@code started} event with reason {@code UPDATE} after the
 * request); and no phase of an update is recorded after it finished.
 */
public final class UpdateCompletion implements Invariant {
    private static final List<String> ENDS = List.of("committed", "rolled-back", "aborted");
    private final Map<String, Long> updatedAt = new HashMap<>();
    private final Set<String> finished = new HashSet<>();

    @Override
    public String name() {
        return "update-completion";
    }

    @Override
    public Violation check(final Event e) {
        if (e instanceof ServerStarted s && "UPDATE".equals(s.reason())) {
            updatedAt.put(s.server(), s.time());
            return null;
        }
        if (!(e instanceof CustomEvent c)) {
            return null;
        }
        final Object id = c.fields().get("updateId");
        if (c.kind().equals(EventKinds.UPDATE_PHASE) && finished.contains(String.valueOf(id))) {
            return new Violation(name(), Outcome.FAILED, "update " + id + " recorded its " + c.fields().get("phase")
                + " phase after it finished", e);
        }
        if (!c.kind().equals(EventKinds.UPDATE_FINISHED)) {
            return null;
        }
        finished.add(String.valueOf(id));
        final String result = String.valueOf(c.fields().get("result"));
        if (!ENDS.contains(result)) {
            return new Violation(name(), Outcome.FAILED, "update " + id + " ended '" + result + "', neither committed "
                + "nor rolled back", e);
        }
        if (result.equals("committed") && c.fields().get("servers") instanceof List<?> servers) {
            final long requested = c.fields().get("requestedAt") instanceof Number n ? n.longValue() : 0;
            for (Object s : servers) {
                final Long at = updatedAt.get(String.valueOf(s));
                if (at == null || at < requested) {
                    return new Violation(name(), Outcome.FAILED, "update " + id + " committed but " + s + " never "
                        + "started its new version: half an update", e);
                }
            }
        }
        return null;
    }
}
