package dev.newt.core.composite;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Two small servers written as separate servers and run together in a composite: "front" answers
 * numbers with their squares by asking "back", tells "observer" each result and may ask "oracle";
 * both keep timers and counts, so tests can see where each message went.
 */
final class PairServers {
    static final String FRONT = "front";
    static final String BACK = "back";

    private PairServers() {
    }

    static ServerSpec<Front.State> front() {
        return ServerSpec.of(FRONT, Front.State.class, Front::new, Front.State::new);
    }

    static ServerSpec<Back.State> back() {
        return ServerSpec.of(BACK, Back.State.class, Back::new, Back.State::new).withWatches("oracle", FRONT);
    }

    static ServerSpec<CompositeServer.State> pair() {
        return CompositeSpecs.of("pair", List.of(front(), back()));
    }

    /**
     * On an Integer request asks back for its square and answers with it once back replied; on
     * "ask-oracle" asks oracle; on "tick" sets a timer; on "crash" crashes. Says hello to back on
     * every start.
     */
    static final class Front implements Server<Front.State> {
        static final class State {
            /** Local request id to the requester waiting for the square. */
            TreeMap<Long, ReplyTo> waiting = new TreeMap<>();
            /** Ids of local requests, as returned. */
            List<Long> localIds = new ArrayList<>();
            /** Ids of requests to oracle, as returned. */
            List<Long> oracleIds = new ArrayList<>();
            List<String> oracleAnswers = new ArrayList<>();
            List<String> notices = new ArrayList<>();
            int answered;
            int ticks;
        }

        @Override
        public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
            ctx.send(BACK, "hello");
            return s;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            final Object p = m.payload();
            if (m.kind() == Kind.REPLY && s.waiting.containsKey(m.correlationId())) {
                ctx.reply(s.waiting.remove(m.correlationId()), p);
                ctx.send("observer", FRONT + " answered " + p);
                s.answered++;
            } else if (m.kind() == Kind.REPLY) {
                s.oracleAnswers.add(m.correlationId() + "=" + p);
            } else if (m.kind() == Kind.TIMER) {
                s.ticks++;
            } else if (p instanceof Integer n && m.isRequest()) {
                final long id = ctx.request(BACK, n).getAsLong();
                s.localIds.add(id);
                s.waiting.put(id, ctx.replyTo(m));
            } else if ("ask-oracle".equals(p)) {
                final OptionalLong id = ctx.request("oracle", "question from " + ctx.name());
                s.oracleIds.add(id.getAsLong());
            } else if ("tick".equals(p)) {
                ctx.setTimer(Duration.ofMillis(1), "front-tick");
            } else if ("crash".equals(p)) {
                throw new IllegalStateException("front crashes on command");
            }
            return s;
        }

        /** Resubmits what oracle took and lost. */
        @Override
        public State onPeerRestarted(final ServerContext ctx, final State s, final PeerRestarted n) {
            s.notices.add(n.peer() + " " + n.pending().size());
            n.pending().forEach(ctx::resubmit);
            return s;
        }
    }

    /**
     * Squares numbers asked by request; counts hellos, ticks and what it served; on "ask-oracle"
     * asks oracle; "corrupt" makes its count negative, which its audit forbids.
     */
    static final class Back implements Server<Back.State> {
        static final class State {
            int served;
            int hellos;
            int ticks;
            List<String> notices = new ArrayList<>();
            List<String> starts = new ArrayList<>();
        }

        @Override
        public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
            s.starts.add(reason.name() + " as " + ctx.name() + "#" + ctx.epoch());
            return s;
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            final Object p = m.payload();
            if (m.isRequest() && p instanceof Integer n) {
                s.served++;
                ctx.reply(m, n * n);
            } else if (m.kind() == Kind.TIMER) {
                s.ticks++;
            } else if ("hello".equals(p)) {
                s.hellos++;
            } else if ("tick".equals(p)) {
                ctx.setTimer(Duration.ofMillis(2), "back-tick");
            } else if ("ask-oracle".equals(p)) {
                ctx.request("oracle", "question from " + ctx.name());
            } else if ("corrupt".equals(p)) {
                s.served = -1;
            } else if ("crash".equals(p)) {
                throw new IllegalStateException("back crashes on command");
            }
            return s;
        }

        /** Gives up what oracle took and lost (no resubmission); records every notice. */
        @Override
        public State onPeerRestarted(final ServerContext ctx, final State s, final PeerRestarted n) {
            s.notices.add(n.peer() + " " + n.pending().size());
            return s;
        }

        @Override
        public Optional<String> audit(final State s) {
            return s.served < 0 ? Optional.of("served is negative: " + s.served) : Optional.empty();
        }
    }

    /** Takes requests and keeps them unanswered until "answer"; crashes on "crash" (recover fresh). */
    static final class Oracle implements Server<Oracle.State> {
        static final class State {
            List<ReplyTo> held = new ArrayList<>();
            List<String> askedBy = new ArrayList<>();
        }

        static ServerSpec<State> spec() {
            return ServerSpec.of("oracle", State.class, Oracle::new, State::new)
                .withRecovery(dev.newt.core.server.RecoveryPolicy.FRESH)
                .withBackoff(dev.newt.core.server.Backoff.NONE);
        }

        @Override
        public State handle(final ServerContext ctx, final State s, final Envelope m) {
            if (m.isRequest()) {
                s.held.add(ctx.replyTo(m));
                s.askedBy.add(m.from());
            } else if ("answer".equals(m.payload())) {
                s.held.forEach(r -> ctx.reply(r, "yes"));
                s.held.clear();
            } else if ("crash".equals(m.payload())) {
                throw new IllegalStateException("oracle crashes on command");
            }
            return s;
        }
    }
}
