package dev.newt.core.time;

/** A scheduled action that can still be cancelled. */
public interface TimerHandle {

    /** Cancels the action if it has not run; harmless after it ran. */
    void cancel();

    /** @return whether {@link #cancel()} was called */
    boolean cancelled();
}
