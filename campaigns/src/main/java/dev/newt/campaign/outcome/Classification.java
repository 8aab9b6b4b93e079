package dev.newt.campaign.outcome;

import dev.newt.results.Outcome;
import dev.newt.results.Timeline;

/**
 * An experiment's outcome with the reason and the figures it was decided from.
 *
 * @param outcome   the outcome
 * @param detail    one sentence saying why
 * @param timeline  activation, detection and recovery
 * @param integrity the workload figures
 * @param crash     where the crash that decided it was thrown ({@code ServerCrashed.where}), or null
 */
public record Classification(Outcome outcome, String detail, Timeline timeline, Integrity integrity, String crash) {
    /** A classification whose crash is the timeline's. */
    public Classification(final Outcome outcome, final String detail, final Timeline timeline,
                          final Integrity integrity) {
        this(outcome, detail, timeline, integrity, timeline.crash());
    }
}
