package dev.newt.core.runtime;

import dev.newt.core.message.Envelope;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Messages handled in order, each with what a replay needs to show it again as it was first seen:
 * the message index (which seeds {@code ctx.random()}), the correlation ids and the clock. The slot
 * keeps one since the last checkpoint ({@code checkpoint+replay}); a live update keeps one of what
 * the new version handled on probation. Worker-only.
 */
final class ReplayLog implements Iterable<ReplayLog.Entry> {
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    /**
     * Set when the log stopped holding every message since the last checkpoint (the slot's policy
     * became {@code checkpoint+replay} at run time, after messages it did not log); the next
     * checkpoint, which clears the log, makes it whole again. Written by any thread.
     */
    private volatile boolean gap;

    /** A message handled, with what a replay needs to see it again. */
    record Entry(Envelope envelope, long index, long correlationBase, long clock) {
    }

    void add(final Entry e) {
        entries.add(e);
    }

    void clear() {
        entries.clear();
        gap = false;
    }

    /** Marks the log as missing messages until the next {@link #clear()}. */
    void markGap() {
        gap = true;
    }

    /** @return whether it holds every message handled since the last checkpoint */
    boolean whole() {
        return !gap;
    }

    int size() {
        return entries.size();
    }

    @Override
    public Iterator<Entry> iterator() {
        return entries.iterator();
    }
}
