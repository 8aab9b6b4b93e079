package dev.newt.update.process;

import dev.newt.core.message.Envelope;
import dev.newt.core.process.ServerRecipe;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import java.util.List;

/**
 * A counter in versions, for updates of a process-isolated server: "inc" counts, "get" answers the
 * count, "pid" the process it runs in, "version" its version. {@link V1} and {@link V2} differ only
 * in the version they answer; {@link BrokenV2}'s start throws (in its child).
 */
public abstract class VersionedCounter implements Server<VersionedCounter.State> {

    /** The checkpointed state: the count, which an update carries. */
    public static final class State {
        public long count;
    }

    private final String version;

    VersionedCounter(final String version) {
        this.version = version;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        switch ((String) m.payload()) {
            case "inc" -> s.count++;
            case "get" -> ctx.reply(m, s.count);
            case "pid" -> ctx.reply(m, ProcessHandle.current().pid());
            case "version" -> ctx.reply(m, version);
            default -> throw new IllegalArgumentException("unknown command " + m.payload());
        }
        return s;
    }

    static ServerSpec<State> spec(final String name, final java.util.function.Supplier<Server<State>> server) {
        return ServerSpec.of(name, State.class, server, State::new)
            .withRecovery(RecoveryPolicy.CHECKPOINT).withBackoff(Backoff.NONE);
    }

    /** The first version. */
    public static final class V1 extends VersionedCounter {
        V1() {
            super("v1");
        }

        /** Builds v1 in either process. */
        public static final class Recipe implements ServerRecipe {
            @Override
            public ServerSpec<?> spec(final String name, final List<String> args) {
                return VersionedCounter.spec(name, V1::new);
            }
        }
    }

    /** The second version: the same state, another answer to "version". */
    public static final class V2 extends VersionedCounter {
        V2() {
            super("v2");
        }

        /** Builds v2 in either process. */
        public static final class Recipe implements ServerRecipe {
            @Override
            public ServerSpec<?> spec(final String name, final List<String> args) {
                return VersionedCounter.spec(name, V2::new);
            }
        }
    }

    /** A second version that cannot start: its {@code onStart} throws, in its child. */
    public static final class BrokenV2 extends VersionedCounter {
        BrokenV2() {
            super("broken-v2");
        }

        @Override
        public State onStart(final ServerContext ctx, final State state, final StartReason reason) {
            throw new IllegalStateException("broken-v2 cannot start (" + reason + ")");
        }

        /** Builds the broken v2 in either process. */
        public static final class Recipe implements ServerRecipe {
            @Override
            public ServerSpec<?> spec(final String name, final List<String> args) {
                return VersionedCounter.spec(name, BrokenV2::new);
            }
        }
    }
}
