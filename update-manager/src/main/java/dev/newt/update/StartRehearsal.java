package dev.newt.update;

import dev.newt.core.event.Event;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.CurrentContext;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.core.time.TimerHandle;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs a new version's {@code onStart} on throwaway copies of its state, off the server's worker and
 * before the switch, with a context that sends nothing and arms no timer: the switch's own
 * {@code onStart} (tcp's re-arms a timer per connection) then runs compiled code, not the
 * interpreter's first pass over a fresh image's classes. A shadow warms the message handlers;
 * this warms the start, which no message reaches.
 */
final class StartRehearsal {

    private StartRehearsal() {
    }

    /**
     * @param next     the new version
     * @param copies   makes a fresh copy of its state (each rehearsal changes its copy)
     * @param times    rehearsals at most
     * @param budget   wall-clock time after which no further rehearsal starts
     * @param simulated whether the runtime is simulated (what the context says)
     * @return the rehearsals run; a failure ends them quietly (the real start reports it)
     */
    static int run(final ServerSpec<?> next, final Supplier<Object> copies, final int times, final Duration budget,
                   final boolean simulated) {
        final long end = System.nanoTime() + budget.toNanos();
        int done = 0;
        try {
            @SuppressWarnings("unchecked")
            final Server<Object> server = (Server<Object>) next.newServer();
            while (done < times && System.nanoTime() < end) {
                final Context ctx = new Context(next.name(), simulated);
                CurrentContext.set(ctx);
                server.onStart(ctx, copies.get(), StartReason.UPDATE);
                done++;
            }
        } catch (Exception | LinkageError e) {
            // The start at the switch fails the same way and rolls the update back, saying why.
        } finally {
            CurrentContext.set(null);
        }
        return done;
    }

    /** A context that goes nowhere: sends succeed and vanish, timers are cancelled at once. */
    private static final class Context implements ServerContext {
        private final String name;
        private final boolean simulated;
        private long ids;

        Context(final String name, final boolean simulated) {
            this.name = name;
            this.simulated = simulated;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long epoch() {
            return -1;
        }

        @Override
        public boolean send(final String to, final Object payload) {
            return true;
        }

        @Override
        public OptionalLong request(final String to, final Object payload) {
            return OptionalLong.of(++ids);
        }

        @Override
        public void reply(final Envelope request, final Object payload) {
        }

        @Override
        public ReplyTo replyTo(final Envelope request) {
            return new ReplyTo(request.from(), request.correlationId());
        }

        @Override
        public void reply(final ReplyTo to, final Object payload) {
        }

        @Override
        public boolean resubmit(final PendingRequest request) {
            return true;
        }

        @Override
        public TimerHandle setTimer(final Duration delay, final Object payload) {
            return CANCELLED;
        }

        @Override
        public long now() {
            return System.nanoTime();
        }

        @Override
        public RandomGenerator random() {
            return new SplittableRandom(1);
        }

        @Override
        public void emit(final Event event) {
        }

        @Override
        public void checkpoint() {
        }

        @Override
        public void partChanged(final long key) {
        }

        @Override
        public void stateUnchanged() {
        }

        @Override
        public boolean replaying() {
            return false;
        }

        @Override
        public boolean revoked() {
            return false;
        }

        @Override
        public boolean simulated() {
            return simulated;
        }
    }

    private static final TimerHandle CANCELLED = new TimerHandle() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean cancelled() {
            return true;
        }
    };
}
