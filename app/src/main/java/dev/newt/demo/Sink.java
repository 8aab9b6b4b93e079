package dev.newt.demo;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.demo.PipelineMessages.Credit;
import dev.newt.demo.PipelineMessages.Digested;
import dev.newt.demo.PipelineMessages.Start;
import dev.newt.demo.PipelineMessages.Verdict;

/**
 * Checks every item: sequence (nothing lost, nothing twice) and digest (recomputed independently),
 * returns credit to the source, and sends its verdict to the driver when all items are in.
 */
final class Sink implements Server<Sink.State> {
    private static final int CREDIT_BATCH = 256;

    /** Checkpointed state. */
    static final class State {
        long total;
        String driver;
        long expected;
        long digest;
        long received;
        long lost;
        long duplicated;
        long wrongDigest;
        int uncredited;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof Start st) {
            s.total = st.total();
            s.driver = m.from();
        } else if (p instanceof Digested d) {
            s.received++;
            if (d.seq() < s.expected) {
                s.duplicated++;
            } else {
                for (long q = s.expected; q <= d.seq(); q++) {
                    s.digest = PipelineMessages.step(s.digest, q);
                }
                s.lost += d.seq() - s.expected;
                s.expected = d.seq() + 1;
                if (d.digest() != s.digest) {
                    s.wrongDigest++;
                }
            }
            if (++s.uncredited == CREDIT_BATCH) {
                ctx.send("source", new Credit(s.uncredited));
                s.uncredited = 0;
            }
            if (s.expected == s.total && s.driver != null) {
                ctx.send(s.driver, new Verdict(s.received, s.lost, s.duplicated, s.wrongDigest));
            }
        } else {
            throw new IllegalArgumentException("sink: unexpected " + p);
        }
        return s;
    }
}
