package dev.newt.campaign.invariant;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.UpdatePhase;
import dev.newt.results.Outcome;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Updates end committed or rolled back (or aborted before any switch), never half: an
 * {@code update-finished} says one of those; a committed update went through its transfer phase
 * (an {@code update-phase} event {@code transfer} of the same update before it finished: every
 * server of it switched); and no phase of an update is recorded after it finished.
 */
public final class UpdateCompletion implements Invariant {
    private static final List<String> ENDS = List.of("committed", "rolled-back", "aborted");
    private final Set<String> transferred = new HashSet<>();
    private final Set<String> finished = new HashSet<>();

    @Override
    public String name() {
        return "update-completion";
    }

    @Override
    public Violation check(final Event e) {
        if (!(e instanceof CustomEvent c)) {
            return null;
        }
        final String id = String.valueOf(c.fields().get("updateId"));
        if (c.kind().equals(EventKinds.UPDATE_PHASE)) {
            if (finished.contains(id)) {
                return new Violation(name(), Outcome.FAILED, "update " + id + " recorded its "
                    + c.fields().get("phase") + " phase after it finished", e);
            }
            if (UpdatePhase.TRANSFER.equals(c.fields().get("phase"))) {
                transferred.add(id);
            }
            return null;
        }
        if (!c.kind().equals(EventKinds.UPDATE_FINISHED)) {
            return null;
        }
        finished.add(id);
        final String result = String.valueOf(c.fields().get("result"));
        if (!ENDS.contains(result)) {
            return new Violation(name(), Outcome.FAILED, "update " + id + " ended '" + result + "', neither committed "
                + "nor rolled back", e);
        }
        if (result.equals("committed") && !transferred.contains(id)) {
            return new Violation(name(), Outcome.FAILED, "update " + id + " committed without its transfer phase: "
                + "half an update", e);
        }
        return null;
    }
}
