package dev.newt.campaign.invariant;

import dev.newt.core.event.Event;
import dev.newt.results.Outcome;

/**
 * The first event that broke an invariant.
 *
 * @param invariant the invariant's name, such as {@code epoch-order}
 * @param outcome   the outcome it gives the run: {@code corrupted} for wrong data, else {@code failed}
 * @param detail    what was wrong, in one sentence
 * @param event     the event that broke it
 */
public record Violation(String invariant, Outcome outcome, String detail, Event event) {
    /** @return {@code invariant epoch-order violated at 12.000 ms by b.tcp: ...} */
    public String describe() {
        return "invariant " + invariant + " violated at " + String.format(java.util.Locale.ROOT, "%.3f ms",
            event.time() / 1e6) + " by " + event.server() + ": " + detail;
    }
}
