package dev.newt.core.process;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A counter for the isolation tests that can end its JVM in every way: "inc" counts, "get" answers
 * the count, an {@link Echo} request is answered with itself, "crash" throws, "exit" calls
 * {@code System.exit}, "oom" exhausts the heap, "stack" overflows the stack, "pid" answers its
 * process id, "tick" arms a timer whose firing counts too.
 */
public final class FaultyCounter implements Server<FaultyCounter.State> {

    /** The checkpointed state. */
    public static final class State {
        long count;
    }

    /** A request answered with itself. */
    public record Echo(String text, long n) {
    }

    /** Builds the counter in either process: args may say the recovery policy, then how many messages per checkpoint. */
    public static final class Recipe implements ServerRecipe {
        @Override
        public ServerSpec<?> spec(final String name, final List<String> args) {
            final RecoveryPolicy policy = args.isEmpty() ? RecoveryPolicy.CHECKPOINT : RecoveryPolicy.valueOf(args.get(0));
            final ServerSpec<State> spec = ServerSpec.of(name, State.class, FaultyCounter::new, State::new)
                .withRecovery(policy).withBackoff(dev.newt.core.server.Backoff.NONE);
            return args.size() < 2 ? spec
                : spec.withCheckpoints(dev.newt.core.server.CheckpointPolicy.everyMessages(Integer.parseInt(args.get(1))));
        }
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        if (m.payload() instanceof Echo e) {
            ctx.reply(m, e);
            ctx.stateUnchanged();
            return s;
        }
        switch ((String) m.payload()) {
            case "inc", "tock" -> s.count++;
            case "get" -> ctx.reply(m, s.count);
            case "pid" -> ctx.reply(m, ProcessHandle.current().pid());
            case "tick" -> ctx.setTimer(Duration.ofMillis(1), "tock");
            case "crash" -> throw new IllegalStateException("crash requested");
            case "exit" -> System.exit(7);
            case "oom" -> {
                final List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            }
            case "stack" -> recurse(0);
            default -> throw new IllegalArgumentException("unknown command " + m.payload());
        }
        return s;
    }

    private static int recurse(final int depth) {
        return recurse(depth + 1) + 1;
    }
}
