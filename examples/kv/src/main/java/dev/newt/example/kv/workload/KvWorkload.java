package dev.newt.example.kv.workload;

import dev.newt.core.event.WorkloadReport;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.example.kv.api.Get;
import dev.newt.example.kv.api.Put;
import dev.newt.example.kv.api.Stored;
import dev.newt.example.kv.api.Value;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checking workload for {@code KvServer}, following the workload contract of
 * {@link WorkloadReport}: it issues {@code operations} requests one at a time (even ones put
 * {@code v<i>} under one of eight keys, odd ones read a key back), checks every answer against
 * its own model of the store, counts a request unanswered after {@link #PATIENCE} as lost, and
 * when done emits its report, which ends the run.
 */
public final class KvWorkload implements Server<KvWorkload.State> {
    /** How long a request may go unanswered before it counts as lost. */
    static final Duration PATIENCE = Duration.ofMillis(200);

    /** The workload's own state: where it is and what it counted. */
    public static final class State {
        /** The next operation to issue. */
        public int next;
        /** Correlation id of the request in flight; -1 when none. */
        public long inFlight = -1;
        /** Which operation is in flight. */
        public int inFlightOp = -1;
        /** What the store should hold. */
        public Map<String, String> model = new TreeMap<>();
        /** Counts. */
        public long operations;
        /** Requests that failed (none here: a crash of the server is seen as a late or lost answer). */
        public long failures;
        /** Answers that differ from the model. */
        public long wrongAnswers;
        /** Requests never answered. */
        public long lost;
        /** Runtime clock at the first request. */
        public long startedAt = -1;
        /** Whether the report was written. */
        public boolean done;
    }

    private final String server;
    private final int operations;

    /**
     * @param server     the key-value server's name
     * @param operations how many requests to issue
     */
    public KvWorkload(final String server, final int operations) {
        this.server = server;
        this.operations = operations;
    }

    @Override
    public State onStart(final ServerContext ctx, final State state, final StartReason reason) {
        if (state.startedAt < 0) {
            state.startedAt = ctx.now();
        }
        if (!state.done && state.inFlight < 0) {
            issue(ctx, state);
        }
        return state;
    }

    @Override
    public State handle(final ServerContext ctx, final State state, final Envelope message) {
        if (message.kind() == Envelope.Kind.TIMER) {
            if (message.payload() instanceof Integer op && op == state.inFlightOp) {
                if (state.inFlight >= 0) {
                    state.lost++;
                }
                advance(ctx, state);
            }
        } else if (message.kind() == Envelope.Kind.REPLY && message.correlationId() == state.inFlight) {
            check(state, message.payload());
            advance(ctx, state);
        }
        return state;
    }

    private void check(final State state, final Object answer) {
        final String key = key(state.inFlightOp);
        if (state.inFlightOp % 2 == 0) {
            if (answer instanceof Stored s && s.key().equals(key)) {
                state.model.put(key, "v" + state.inFlightOp);
            } else {
                state.wrongAnswers++;
            }
        } else if (!(answer instanceof Value v && v.value().equals(state.model.getOrDefault(key, "")))) {
            state.wrongAnswers++;
        }
    }

    private void advance(final ServerContext ctx, final State state) {
        state.inFlight = -1;
        state.inFlightOp = -1;
        issue(ctx, state);
    }

    private void issue(final ServerContext ctx, final State state) {
        if (state.next >= operations) {
            state.done = true;
            ctx.emit(new WorkloadReport("kv-check", state.operations, state.failures, state.wrongAnswers, state.lost,
                ctx.now() - state.startedAt).toEvent(ctx.now(), ctx.name()));
            return;
        }
        final int op = state.next++;
        final Object request = op % 2 == 0 ? new Put(key(op), "v" + op) : new Get(key(op));
        state.operations++;
        state.inFlightOp = op;
        state.inFlight = ctx.request(server, request).orElse(-1);
        if (state.inFlight < 0) {
            state.failures++;   // the server's mailbox was full: the timer moves on
        }
        ctx.setTimer(PATIENCE, op);
    }

    private static String key(final int op) {
        return "k" + (op / 2) % 8;
    }
}
