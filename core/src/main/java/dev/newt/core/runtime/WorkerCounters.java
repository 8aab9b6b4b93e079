package dev.newt.core.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Cache-line padding before {@link WorkerCounters}' fields (superclass fields are laid out first). */
abstract class WorkerCountersPadBefore {
    long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** The fields of {@link WorkerCounters}. */
abstract class WorkerCountersFields extends WorkerCountersPadBefore {
    /** Messages handled over all incarnations; published with a release store, read by {@link ServerSlot#status}. */
    long handled;
    /** The last correlation id handed out; replays rewind and restore it. */
    long correlationIds;
    /** Index of the last message handled, which seeds {@code ctx.random()}. */
    long messageIndex;
    /** Sends that found the receiver's mailbox full; read racily by status. */
    long rejectedSends;
    /** The clock as the current batch began, or {@code Long.MIN_VALUE} until first read in it. */
    long batchClock;
}

/**
 * The counters a slot's worker writes on every message, on cache lines of their own. In the slot
 * itself they shared lines with what every sender reads (the mailbox, the reply queue, the
 * waker), so each message the receiver handled took those lines away from the senders' cores
 * (false sharing). Worker-only but for the reads that {@link ServerSlot#status} makes.
 */
final class WorkerCounters extends WorkerCountersFields {
    private static final VarHandle HANDLED;

    static {
        try {
            HANDLED = MethodHandles.lookup().findVarHandle(WorkerCountersFields.class, "handled", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    long q01, q02, q03, q04, q05, q06, q07, q08;

    /** One more message handled: a release store, no fence (a volatile write per message was one). */
    void countHandled() {
        HANDLED.setRelease(this, handled + 1);
    }

    /** @return messages handled, as published; from any thread */
    long handled() {
        return (long) HANDLED.getAcquire(this);
    }
}
