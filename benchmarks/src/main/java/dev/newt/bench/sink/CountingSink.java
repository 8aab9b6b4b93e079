package dev.newt.bench.sink;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The injector benchmark's server, in a package of its own so that it can be loaded from an image
 * (woven or not): it counts what it handles in its state and publishes the count for the
 * benchmark thread to wait on.
 */
public final class CountingSink implements Server<CountingSink.State> {
    private final AtomicLong published;

    /** The state: a count and a checksum of the payloads, so the handler does some real work. */
    public static final class State {
        long count;
        long checksum;
    }

    /** @param published where the count is published for the benchmark thread */
    public CountingSink(final AtomicLong published) {
        this.published = published;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        s.count++;
        s.checksum = s.checksum * 31 + m.payload().hashCode();
        published.lazySet(s.count);
        return s;
    }
}
