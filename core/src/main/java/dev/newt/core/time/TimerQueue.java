package dev.newt.core.time;

import java.util.PriorityQueue;

/**
 * Actions ordered by deadline on a runtime clock, ties broken by scheduling order so that a
 * simulated run fires them in the same order every time. Thread-safe; the executor that owns it
 * calls {@link #fireDue} from one thread.
 */
public final class TimerQueue {
    private final Clock clock;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long sequence;
    private volatile Runnable onScheduled = () -> { };

    /** @param clock whose readings the deadlines refer to */
    public TimerQueue(final Clock clock) {
        this.clock = clock;
    }

    /**
     * @param delayNanos how long from now; negative counts as zero
     * @param action     to run on the executor's timer thread when due
     * @return a handle to cancel it
     */
    public synchronized TimerHandle schedule(final long delayNanos, final Runnable action) {
        final Entry e = new Entry(clock.nanoTime() + Math.max(0, delayNanos), sequence++, action);
        queue.add(e);
        onScheduled.run();
        return e;
    }

    /** @param hook called after every {@link #schedule}, so a sleeping timer thread can wake */
    public void onScheduled(final Runnable hook) {
        this.onScheduled = hook;
    }

    /** @return the deadline of the earliest live action, or {@link Long#MAX_VALUE} if none */
    public synchronized long nextDeadline() {
        Entry head;
        while ((head = queue.peek()) != null && head.cancelled) {
            queue.poll();
        }
        return head == null ? Long.MAX_VALUE : head.deadline;
    }

    /**
     * Runs every action whose deadline is at or before {@code now}, earliest first.
     *
     * @param now clock reading to compare deadlines against
     * @return how many actions ran
     */
    public int fireDue(final long now) {
        int fired = 0;
        while (true) {
            final Entry e;
            synchronized (this) {
                final Entry head = queue.peek();
                if (head == null || head.deadline > now) {
                    return fired;
                }
                e = queue.poll();
            }
            if (!e.cancelled) {
                e.action.run();
                fired++;
            }
        }
    }

    /** @return how many actions are scheduled, cancelled ones included */
    public synchronized int size() {
        return queue.size();
    }

    private static final class Entry implements Comparable<Entry>, TimerHandle {
        final long deadline;
        final long seq;
        final Runnable action;
        volatile boolean cancelled;

        Entry(final long deadline, final long seq, final Runnable action) {
            this.deadline = deadline;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(final Entry o) {
            final int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }
    }
}
