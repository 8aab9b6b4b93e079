package dev.newt.core.image.sample;

import dev.newt.core.image.SampleConfig;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;

/**
 * A test server loaded from an image: counts "inc", answers "get" with "label=count", crashes on
 * "crash" and answers "loader" with the name of its class loader.
 */
public final class Tally implements Server<Tally.State> {
    private final SampleConfig config;

    /** The checkpointed state, a class of the image. */
    static final class State {
        long count;
    }

    /** @param config parent-loaded configuration */
    public Tally(final SampleConfig config) {
        this.config = config;
    }

    Tally(final String unused, final long alsoUnused) {
        this(new SampleConfig(unused));
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        switch ((String) m.payload()) {
            case "inc" -> s.count++;
            case "get" -> ctx.reply(m, config.label() + "=" + s.count);
            case "loader" -> ctx.reply(m, String.valueOf(getClass().getClassLoader().getName()));
            case "crash" -> throw new IllegalStateException("crash requested");
            default -> throw new IllegalArgumentException("unknown command " + m.payload());
        }
        return s;
    }
}
