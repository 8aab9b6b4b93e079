/**
 * Outcome classification: what a run left behind ({@link dev.newt.campaign.outcome.RunObservation})
 * against the golden run's. The runner feeds it; it never depends on the runner.
 */
package dev.newt.campaign.outcome;
