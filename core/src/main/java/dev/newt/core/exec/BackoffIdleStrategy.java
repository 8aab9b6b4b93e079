package dev.newt.core.exec;

/** Spins, then yields, then parks for doubling periods: Agrona's progression. */
public final class BackoffIdleStrategy implements IdleStrategy {
    private final int maxSpins;
    private final int maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;
    private int spins;
    private int yields;
    private long parkNanos;

    /** 100 spins, 10 yields, then parks from 1 µs up to 1 ms. */
    public BackoffIdleStrategy() {
        this(100, 10, 1_000L, 1_000_000L);
    }

    /**
     * @param maxSpins     spins before yielding
     * @param maxYields    yields before parking
     * @param minParkNanos first park
     * @param maxParkNanos longest park
     */
    public BackoffIdleStrategy(final int maxSpins, final int maxYields, final long minParkNanos,
                               final long maxParkNanos) {
        if (maxSpins < 0 || maxYields < 0 || minParkNanos <= 0 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("invalid back-off: spins=" + maxSpins + " yields=" + maxYields
                + " minPark=" + minParkNanos + " maxPark=" + maxParkNanos);
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        reset();
    }

    @Override
    public long idle() {
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
            return 0;
        }
        if (yields < maxYields) {
            yields++;
            Thread.yield();
            return 0;
        }
        final long p = parkNanos;
        parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        return p;
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }
}
