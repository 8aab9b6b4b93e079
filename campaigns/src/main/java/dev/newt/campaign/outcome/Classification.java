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
 */
public record Classification(Outcome outcome, String detail, Timeline timeline, Integrity integrity) {
}
