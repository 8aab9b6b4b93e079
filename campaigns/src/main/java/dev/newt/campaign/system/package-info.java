/** Builds the system under test of one experiment from a campaign: topology, workloads, woven faults. */
package dev.newt.campaign.system;
