package dev.newt.campaign.invariant;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.results.Outcome;

/**
 * No request is answered twice: the datagram workloads (udp echo, ping) count each answer that
 * comes again for a request already answered ({@code duplicated}); above zero breaks it, in a
 * {@code workload-metric} bin or the {@code workload-summary}. Only where nothing legitimately
 * duplicates (no wire with {@code duplicate} above zero and no {@code duplicate-message} fault):
 * otherwise the invariant is not installed.
 */
public final class AnsweredOnce implements Invariant {
    @Override
    public String name() {
        return "answered-once";
    }

    @Override
    public Violation check(final Event e) {
        if (e instanceof CustomEvent c && (c.kind().equals(EventKinds.WORKLOAD_METRIC)
            || c.kind().equals(EventKinds.WORKLOAD_SUMMARY)) && StreamIntegrity.number(c.fields(), "duplicated") > 0) {
            return new Violation(name(), Outcome.FAILED, c.server() + " got " + StreamIntegrity.number(c.fields(),
                "duplicated") + " answer(s) twice", e);
        }
        return null;
    }
}
