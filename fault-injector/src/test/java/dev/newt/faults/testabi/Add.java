package dev.newt.faults.testabi;

/** Adds {@code n} to a counter: a message type shared by test servers and tests (parent-loaded). @param n amount */
public record Add(long n) {
}
