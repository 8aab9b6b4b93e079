/** The campaign model: system, workloads, experiments and updates, and the expansion of the matrix. */
package dev.newt.campaign.spec;
