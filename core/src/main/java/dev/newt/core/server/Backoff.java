package dev.newt.core.server;

import java.time.Duration;
import java.util.Objects;

/**
 * The delay before a restart: {@code initial} for the first restart in the intensity window, doubled
 * for each further one, never above {@code max}.
 *
 * @param initial delay before the first restart, zero or more
 * @param max     ceiling of the delay, at least {@code initial}
 */
public record Backoff(Duration initial, Duration max) {

    /** Restart at once, every time. */
    public static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO);
    /** One millisecond, doubling up to one second. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(1), Duration.ofSeconds(1));

    /** Validates the delays, naming the bad one. */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative()) {
            throw new IllegalArgumentException("initial back-off must be >= 0, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max back-off " + max + " is below initial " + initial);
        }
    }

    /**
     * @param restartsInWindow restarts already made within the intensity window (0 for the first)
     * @return the delay in nanoseconds before the next restart
     */
    public long delayNanos(final int restartsInWindow) {
        final long base = initial.toNanos();
        final long cap = max.toNanos();
        if (base == 0) {
            return 0;
        }
        final int shift = Math.min(restartsInWindow, 40);
        final long d = base << shift;
        return d <= 0 || d > cap ? cap : d;
    }
}
