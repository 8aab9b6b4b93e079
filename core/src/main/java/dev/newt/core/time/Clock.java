package dev.newt.core.time;

/** The runtime's clock: the only source of time a server may read. */
public interface Clock {

    /** @return nanoseconds since the runtime started, monotonic */
    long nanoTime();
}
