package dev.newt.faults.testservers;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.faults.testabi.Add;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A test server with an immutable state: records all the way down. {@link Add} appends an entry
 * and adds to the total; "total" answers the total, "owner" the owner. Its audit checks that the
 * total is the sum of the entries.
 */
public final class Ledger implements Server<Ledger.State> {

    /** The state: a record holding a list of records and a nested record. */
    public record State(long total, String owner, List<Entry> entries, Meta meta) {
        /** @return an empty ledger */
        public static State empty() {
            return new State(0, "alice", List.of(), new Meta(1, "main"));
        }
    }

    /** One entry. @param who whom it came from @param amount how much */
    public record Entry(String who, long amount) {
    }

    /** Nested metadata. @param version a number @param book a name */
    public record Meta(int version, String book) {
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        if (m.payload() instanceof Add add) {
            final List<Entry> entries = new ArrayList<>(s.entries());
            entries.add(new Entry(m.from(), add.n()));
            return new State(s.total() + add.n(), s.owner(), List.copyOf(entries), s.meta());
        }
        switch ((String) m.payload()) {
            case "total" -> ctx.reply(m, s.total());
            case "owner" -> ctx.reply(m, s.owner());
            default -> throw new IllegalArgumentException("unknown command " + m.payload());
        }
        return s;
    }

    @Override
    public Optional<String> audit(final State s) {
        final long sum = s.entries().stream().mapToLong(Entry::amount).sum();
        return sum == s.total() ? Optional.empty()
            : Optional.of("total " + s.total() + " is not the sum of the entries " + sum);
    }
}
