/** Outcome classification: an experiment's events and workload figures against the golden run's. */
package dev.newt.campaign.outcome;
