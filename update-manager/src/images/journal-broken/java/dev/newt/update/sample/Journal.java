package dev.newt.update.sample;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately broken version of the test journal (image {@code journal-broken}), with version
 * 1's state schema: given 0 it fails on start; given n it journals like version 1 and crashes on
 * the n-th message its incarnation handles. It answers {@code stats} with nothing useful, so a test
 * that sees version 1's answers knows the rollback happened.
 */
public final class Journal implements Server<Journal.State> {
    private final int failAt;
    private int handled;

    /** Version 1's schema, unchanged. */
    static final class State {
        long entries;
        long lastSeq;
        long outOfOrder;
        List<String> tags = new ArrayList<>();
        Limits limits = new Limits();
        String motto = "first of its name";
        boolean busy;
    }

    /** Unchanged. */
    static final class Limits {
        long max = 1_000_000;
        String unit = "entries";
    }

    /** @param failAt 0 to fail on start; else the message (counted from 1) to crash on */
    public Journal(final Integer failAt) {
        this.failAt = failAt;
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        if (failAt == 0) {
            throw new IllegalStateException("broken image: fails on start");
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        if (++handled == failAt) {
            throw new IllegalStateException("broken image: crashes on message " + failAt);
        }
        if (m.payload() instanceof Long seq) {
            if (seq != s.lastSeq + 1) {
                s.outOfOrder++;
            }
            s.lastSeq = seq;
            s.entries++;
        } else if (m.isRequest()) {
            ctx.reply(m, "broken");
        }
        return s;
    }
}
