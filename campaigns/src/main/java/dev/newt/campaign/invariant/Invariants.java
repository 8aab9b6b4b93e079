package dev.newt.campaign.invariant;

import dev.newt.core.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A run's invariants, fed every event as it is recorded (subscribe it to the run's event log): it
 * keeps the first violation, after which it checks nothing more. The run polls {@link #violated()}
 * and stops (on the simulated executor, before the next step).
 */
public final class Invariants implements Consumer<Event> {
    private final List<Invariant> checks;
    private volatile Violation first;

    /** @param checks the invariants */
    public Invariants(final List<Invariant> checks) {
        this.checks = List.copyOf(checks);
    }

    /**
     * @param duplicatesLegitimate whether answers may legitimately come twice (a duplicating wire, a
     *                             duplicate-message fault): then {@link AnsweredOnce} is left out
     * @return Newt's invariants: epoch order, update completion, stream integrity, answered once
     */
    public static Invariants standard(final boolean duplicatesLegitimate) {
        final List<Invariant> all = new ArrayList<>(List.of(new EpochOrder(), new UpdateCompletion(),
            new StreamIntegrity()));
        if (!duplicatesLegitimate) {
            all.add(new AnsweredOnce());
        }
        return new Invariants(all);
    }

    @Override
    public synchronized void accept(final Event e) {
        if (first != null) {
            return;
        }
        for (Invariant i : checks) {
            final Violation v = i.check(e);
            if (v != null) {
                first = v;
                return;
            }
        }
    }

    /** @return whether an invariant was broken */
    public boolean violated() {
        return first != null;
    }

    /** @return the first violation, or {@code null} */
    public Violation first() {
        return first;
    }

    /** @return the names of the invariants checked */
    public List<String> names() {
        return checks.stream().map(Invariant::name).toList();
    }
}
