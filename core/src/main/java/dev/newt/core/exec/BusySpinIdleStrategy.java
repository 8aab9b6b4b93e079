package dev.newt.core.exec;

/** Spins on the core: lowest latency, burns a core per server. */
public final class BusySpinIdleStrategy implements IdleStrategy {
    @Override
    public long idle() {
        Thread.onSpinWait();
        return 0;
    }

    @Override
    public void reset() {
    }
}
