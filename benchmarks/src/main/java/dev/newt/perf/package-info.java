/**
 * The macro suites of {@code newt bench} ({@link dev.newt.perf.BenchSuites}): whole systems measured in
 * interleaved rounds, run by the CLI in the app module. The JMH micro benchmarks are beside them in
 * {@code dev.newt.bench}; method and figures of both in {@code docs/BENCHMARKS.md}.
 */
package dev.newt.perf;
