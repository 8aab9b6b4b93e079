package dev.newt.update.sample;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Version 1 of the test server for live updates, loaded from the test classes as image
 * {@code journal-v1}; {@code src/images/journal-v2} and {@code src/images/journal-broken} hold
 * other versions with the same class names. It journals numbered entries (one-way {@code Long}
 * messages) and counts those that do not follow the previous one, so a lost or reordered message
 * shows; answers {@code stats} with a map; {@code begin} and {@code end} bracket a "handshake"
 * during which it is not quiescent; {@code tag:x} adds a tag.
 */
public final class Journal implements Server<Journal.State> {

    /** Version 1's state. Version 2 renames, removes, nests and retypes some of these fields. */
    static final class State {
        long entries;
        long lastSeq;
        long outOfOrder;
        List<String> tags = new ArrayList<>();
        Limits limits = new Limits();
        String motto = "first of its name";
        boolean busy;
    }

    /** A nested part of the state. */
    static final class Limits {
        long max = 1_000_000;
        String unit = "entries";
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
            s.entries++;
        } else if ("begin".equals(p) || "end".equals(p)) {
            s.busy = "begin".equals(p);
        } else if (p instanceof String t && t.startsWith("tag:")) {
            if (!s.tags.contains(t.substring(4))) {
                s.tags.add(t.substring(4));
            }
        } else if ("stats".equals(p) && m.isRequest()) {
            final Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("version", "v1");
            stats.put("count", s.entries);
            stats.put("last", s.lastSeq);
            stats.put("outOfOrder", s.outOfOrder);
            stats.put("tags", List.copyOf(s.tags));
            stats.put("max", s.limits.max);
            ctx.reply(m, stats);
        } else {
            throw new IllegalArgumentException("unknown message " + p);
        }
        return s;
    }
}
