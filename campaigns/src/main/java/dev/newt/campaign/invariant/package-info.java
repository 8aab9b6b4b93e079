/**
 * Invariants checked while a run goes on, over its event stream: every event is shown to each
 * {@link dev.newt.campaign.invariant.Invariant} as it is recorded, and the first violation stops the
 * run with the event that broke it, as a model checker stops at a witness ({@link
 * dev.newt.campaign.invariant.Invariants}).
 */
package dev.newt.campaign.invariant;
