package dev.newt.core.exec;

/** Yields the core to other threads between looks for work. */
public final class YieldingIdleStrategy implements IdleStrategy {
    @Override
    public long idle() {
        Thread.yield();
        return 0;
    }

    @Override
    public void reset() {
    }
}
