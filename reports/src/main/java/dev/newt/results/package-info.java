/**
 * The results format a campaign writes and reports read: {@code campaign.json},
 * {@code results.jsonl} and {@code events/ID.jsonl}. See {@code docs/RESULTS.md}.
 */
package dev.newt.results;
