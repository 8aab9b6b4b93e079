package dev.newt.core.runtime;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Hang;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import java.util.Optional;

/**
 * A test server that counts "inc" messages, answers "get" requests with the count, crashes on
 * "crash", hangs on "hang" and corrupts its own count on "corrupt" (its audit forbids negatives).
 */
final class Counter implements Server<Counter.State> {

    /** The checkpointed state. */
    static final class State {
        long count;
    }

    static ServerSpec<State> spec(final String name) {
        return ServerSpec.of(name, State.class, Counter::new, State::new);
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        switch ((String) m.payload()) {
            case "inc" -> s.count++;
            case "get" -> ctx.reply(m, s.count);
            case "crash" -> throw new IllegalStateException("crash requested");
            case "hang" -> Hang.forever();
            case "corrupt" -> s.count = -1;
            default -> throw new IllegalArgumentException("unknown command " + m.payload());
        }
        return s;
    }

    @Override
    public Optional<String> audit(final State s) {
        return s.count < 0 ? Optional.of("count is negative: " + s.count) : Optional.empty();
    }
}
