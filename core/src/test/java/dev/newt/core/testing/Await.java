package dev.newt.core.testing;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounded waits for tests (core's test jar, shared by every module's tests): a test waits for a
 * future, a thread, a latch or a queue at most {@link #WAIT}, then fails saying what it waited
 * for, instead of hanging the build. In a simulated runtime the awaited thing is normally done
 * already, so the bound only matters when a test is broken.
 */
public final class Await {
    /**
     * How long a test waits for one thing: far above what any honest wait takes on a loaded
     * machine (well under a second), and below the default timeout of a whole test (the root pom's
     * {@code junit.jupiter.execution.timeout.default}), so that a stuck wait fails with its own message.
     */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private Await() {
    }

    /**
     * The result of a future, as {@link java.util.concurrent.CompletableFuture#join()} gives it
     * (a failure is rethrown as a {@link CompletionException}), waiting at most {@link #WAIT}.
     *
     * @param future the future
     * @param <T>    its result type
     * @return its result
     * @throws AssertionError if it is not done within the bound
     */
    public static <T> T result(final Future<T> future) {
        return result(future, WAIT);
    }

    /**
     * The result of a future, waiting at most {@code bound}.
     *
     * @param future the future
     * @param bound  how long to wait
     * @param <T>    its result type
     * @return its result
     * @throws AssertionError if it is not done within the bound
     */
    public static <T> T result(final Future<T> future, final Duration bound) {
        try {
            return future.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("future not done within " + bound + ": " + future, e);
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (CancellationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + future, e);
        }
    }

    /**
     * Waits at most {@link #WAIT} for a thread to end.
     *
     * @param thread the thread
     * @throws AssertionError if it is still alive after the bound
     */
    public static void ended(final Thread thread) {
        try {
            thread.join(WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for thread " + thread.getName(), e);
        }
        if (thread.isAlive()) {
            throw new AssertionError("thread " + thread.getName() + " still alive after " + WAIT);
        }
    }
}
