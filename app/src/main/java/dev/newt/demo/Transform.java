package dev.newt.demo;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.demo.PipelineMessages.Crash;
import dev.newt.demo.PipelineMessages.Digested;
import dev.newt.demo.PipelineMessages.Item;

/**
 * Keeps a running digest of every item it has seen and forwards each item with the digest. Its
 * state is exactly what a recovery policy may lose: a digest rebuilt wrongly shows at the sink.
 */
final class Transform implements Server<Transform.State> {

    /** Checkpointed state. */
    static final class State {
        long digest;
        long items;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof Item it) {
            s.digest = PipelineMessages.step(s.digest, it.seq());
            s.items++;
            if (!ctx.send("sink", new Digested(it.seq(), s.digest))) {
                throw new IllegalStateException("sink mailbox full: credit accounting is broken");
            }
        } else if (p instanceof Crash) {
            throw new IllegalStateException("crash injected by hand after " + s.items + " items");
        } else {
            throw new IllegalArgumentException("transform: unexpected " + p);
        }
        return s;
    }
}
