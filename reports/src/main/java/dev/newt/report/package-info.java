/**
 * Reliability reports of a campaign's results directory: {@link dev.newt.report.Reports#write} is
 * the entry point. {@code model} computes (outcome matrix, latency distributions, the timeline
 * choice and timelines from event logs), {@code table} lays the figures out once as tables,
 * {@code chart} draws with XChart as inline SVG, and {@code render} writes HTML, Markdown, CSV and
 * JSON from the same tables.
 */
package dev.newt.report;
