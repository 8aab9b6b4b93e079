package dev.newt.report.model;

import dev.newt.results.ExperimentResult;

/**
 * An experiment chosen for a timeline, and why.
 *
 * @param experiment the experiment
 * @param reason     the rule that chose it, such as {@code longest recovery; first recovered}
 */
public record TimelineChoice(ExperimentResult experiment, String reason) {
}
