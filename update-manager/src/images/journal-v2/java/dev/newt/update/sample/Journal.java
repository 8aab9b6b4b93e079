package dev.newt.update.sample;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Version 2 of the test journal (image {@code journal-v2}). Its state schema changed: {@code entries}
 * is now {@code count}, {@code limits.max} is {@code limits.maxEntries}, {@code tags} is a sorted
 * set, {@code motto} is gone and {@code note} is new. It also counts the entries it journaled itself,
 * so a test sees which version did the work; {@link JournalTransform} maps version 1's state.
 */
public final class Journal implements Server<Journal.State> {

    /** Version 2's state. */
    static final class State {
        long count;
        long lastSeq;
        long outOfOrder;
        TreeSet<String> tags = new TreeSet<>();
        Limits limits = new Limits();
        String note = "";
        long byV2;
        boolean busy;
    }

    /** The nested part, with a renamed field. */
    static final class Limits {
        long maxEntries = 1_000_000;
        String unit = "entries";
    }

    /** The new version's start: a site for faults in an update's start (it changes nothing). */
    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        return s;
    }

    /** Its invariants: the parts a transform fills in are present, and it journaled no more than it counts. */
    @Override
    public Optional<String> audit(final State s) {
        if (s.tags == null || s.limits == null || s.note == null) {
            return Optional.of("a part of the state is missing (tags, limits or note is null)");
        }
        return s.byV2 <= s.count ? Optional.empty()
            : Optional.of("journaled by v2 (" + s.byV2 + ") more than counted (" + s.count + ")");
    }

    @Override
    public boolean quiescent(final State s) {
        return !s.busy;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof Long seq) {
            if (seq != s.lastSeq + 1) {
                s.outOfOrder++;
            }
            s.lastSeq = seq;
            s.count++;
            s.byV2++;
        } else if ("begin".equals(p) || "end".equals(p)) {
            s.busy = "begin".equals(p);
        } else if (p instanceof String t && t.startsWith("tag:")) {
            s.tags.add(t.substring(4));
        } else if ("stats".equals(p) && m.isRequest()) {
            final Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("version", "v2");
            stats.put("count", s.count);
            stats.put("last", s.lastSeq);
            stats.put("outOfOrder", s.outOfOrder);
            stats.put("tags", List.copyOf(s.tags));
            stats.put("max", s.limits.maxEntries);
            stats.put("note", s.note);
            stats.put("byV2", s.byV2);
            ctx.reply(m, stats);
        } else {
            throw new IllegalArgumentException("unknown message " + p);
        }
        return s;
    }
}
