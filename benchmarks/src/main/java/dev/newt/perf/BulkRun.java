package dev.newt.perf;

/**
 * One timed bulk transfer.
 *
 * @param config which stack carried it
 * @param bytes  bytes transferred
 * @param nanos  how long it took
 * @param intact whether every byte arrived once, in order, as sent
 * @param detail what the receiver reported, for a transfer that was not intact
 */
record BulkRun(String config, long bytes, long nanos, boolean intact, String detail) {
    /** @return throughput in megabytes (10^6) per second */
    double megabytesPerSecond() {
        return bytes * 1e3 / nanos;
    }
}
