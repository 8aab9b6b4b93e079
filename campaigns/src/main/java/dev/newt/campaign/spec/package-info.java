/**
 * The campaign model: system, workloads, experiments and updates, the kinds of server a fault can
 * target ({@link dev.newt.campaign.spec.StackServer}), and the expansion of the matrix.
 */
package dev.newt.campaign.spec;
