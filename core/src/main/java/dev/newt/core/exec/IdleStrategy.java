package dev.newt.core.exec;

/**
 * What a worker does after a duty cycle that found no work. Strategies spin or yield themselves
 * and return 0, or return how long the worker may park; a parked worker is woken early when work
 * arrives. One instance per worker; not thread-safe.
 */
public interface IdleStrategy {

    /** @return nanoseconds to park, or 0 to look for work again at once */
    long idle();

    /** Called after a cycle that did work, to start the progression again. */
    void reset();

    /**
     * @param name {@code spin}, {@code yield}, {@code backoff} or {@code park}
     * @return a new strategy of that name with default settings
     * @throws IllegalArgumentException naming the name and the valid ones
     */
    static IdleStrategy named(final String name) {
        return switch (name) {
            case "spin" -> new BusySpinIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            case "backoff" -> new BackoffIdleStrategy();
            case "park" -> new ParkingIdleStrategy();
            default -> throw new IllegalArgumentException("unknown idle strategy '" + name
                + "'; valid: spin, yield, backoff, park");
        };
    }
}
