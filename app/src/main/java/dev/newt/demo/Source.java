package dev.newt.demo;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.demo.PipelineMessages.Crash;
import dev.newt.demo.PipelineMessages.Credit;
import dev.newt.demo.PipelineMessages.Item;
import dev.newt.demo.PipelineMessages.More;
import dev.newt.demo.PipelineMessages.Start;

/**
 * Emits numbered items to the transform, never more than its credit ahead of the sink, so no
 * mailbox on the way can overflow. After item {@code crashAfter} it sends a crash command,
 * in band, so the crash lands at the same place in the transform's mailbox on every executor.
 */
final class Source implements Server<Source.State> {
    static final int WINDOW = 2048;
    private static final int BURST = 128;

    /** Checkpointed state. */
    static final class State {
        long total;
        long crashAfter = -1;
        long next;
        long credit = WINDOW;
        boolean emitting;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof Start st) {
            s.total = st.total();
            s.crashAfter = st.crashAfter();
            emit(ctx, s);
        } else if (p instanceof Credit c) {
            s.credit += c.items();
            if (!s.emitting) {
                emit(ctx, s);
            }
        } else if (p instanceof More) {
            s.emitting = false;
            emit(ctx, s);
        } else {
            throw new IllegalArgumentException("source: unexpected " + p);
        }
        return s;
    }

    private static void emit(final ServerContext ctx, final State s) {
        int sent = 0;
        while (sent < BURST && s.next < s.total && s.credit > 0) {
            if (!ctx.send("transform", new Item(s.next))) {
                break;
            }
            if (s.next == s.crashAfter) {
                ctx.send("transform", new Crash());
            }
            s.next++;
            s.credit--;
            sent++;
        }
        if (s.next < s.total && s.credit > 0 && !s.emitting) {
            s.emitting = ctx.send(ctx.name(), new More());
        }
    }
}
