package dev.newt.core.exec;

/** Parks at once until woken by new work or a timeout: cheapest on the CPU, slowest to wake. */
public final class ParkingIdleStrategy implements IdleStrategy {
    private final long parkNanos;

    /** Parks for at most 10 ms at a time. */
    public ParkingIdleStrategy() {
        this(10_000_000L);
    }

    /** @param parkNanos longest park, positive */
    public ParkingIdleStrategy(final long parkNanos) {
        if (parkNanos <= 0) {
            throw new IllegalArgumentException("park time must be positive, was " + parkNanos);
        }
        this.parkNanos = parkNanos;
    }

    @Override
    public long idle() {
        return parkNanos;
    }

    @Override
    public void reset() {
    }
}
