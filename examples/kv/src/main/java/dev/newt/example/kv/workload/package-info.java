/** The key-value example's checking workload: a user workload that reports a {@code WorkloadReport}. */
package dev.newt.example.kv.workload;
