package dev.newt.faults.testservers;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.faults.testabi.Add;
import dev.newt.faults.testabi.Note;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A test server loaded from an image. "inc" adds {@link #step()} to the count and records it in
 * the history; {@link Add} adds its amount; {@link Note} sets the label; "get" answers the count,
 * "label" the label, "history" the history size; "report" sends the count back as an {@link Add}. Its audit checks that the count is the sum of
 * the history and that the label and meta are there.
 */
public final class Counter implements Server<Counter.State> {

    /** Mutable, nested, with a collection: what state corruption has to reach. */
    public static final class State {
        long count;
        String label = "counter";
        List<Long> history = new ArrayList<>();
        Meta meta = new Meta();
    }

    /** A nested object of the state. */
    public static final class Meta {
        int version = 1;
        String owner = "newt";
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof Add add) {
            s.count += add.n();
            s.history.add(add.n());
        } else if (p instanceof Note note) {
            s.label = note.text();
        } else {
            switch ((String) p) {
                case "inc" -> {
                    if (belowLimit(s.count)) {
                        final long d = step();
                        s.count += d;
                        s.history.add(d);
                    }
                }
                case "get" -> ctx.reply(m, s.count);
                case "label" -> ctx.reply(m, s.label);
                case "history" -> ctx.reply(m, (long) s.history.size());
                case "owner" -> ctx.reply(m, String.valueOf(s.meta.owner));
                case "report" -> ctx.send(m.from(), new Add(s.count));
                default -> throw new IllegalArgumentException("unknown command " + p);
            }
        }
        return s;
    }

    /** @return whether "inc" may still count: one comparison, a site for flip-comparison */
    boolean belowLimit(final long count) {
        return count < 1_000_000;
    }

    /** @return how much "inc" adds: a helper method, a site for wrong-return */
    long step() {
        return 1;
    }

    @Override
    public Optional<String> audit(final State s) {
        final long sum = s.history.stream().mapToLong(Long::longValue).sum();
        if (sum != s.count) {
            return Optional.of("count " + s.count + " is not the sum of the history " + sum);
        }
        if (s.label == null || s.meta == null || s.meta.owner == null) {
            return Optional.of("label or meta missing");
        }
        return Optional.empty();
    }
}
