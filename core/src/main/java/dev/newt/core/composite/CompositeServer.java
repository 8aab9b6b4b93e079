package dev.newt.core.composite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.CurrentContext;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Several servers run as one: the monolithic configuration of code written as separate servers.
 * The composite owns the inner servers' names as aliases (see {@link CompositeSpecs#of}), so their
 * peers address them as before; it hands each envelope to the inner server named by its
 * {@code to()}, and the messages inner servers send each other are direct calls: they go into a
 * local queue that is drained, run to completion, before the composite's handler returns.
 *
 * <p>The inner servers share one fate: a crash of any is a crash of the composite, which is
 * restarted as a whole and restores every inner state from one checkpoint. Requests between inner
 * servers are therefore not tracked by the runtime; requests to the outside are, as the
 * composite's, and the composite remembers which inner server made each so that a
 * {@link PeerRestarted} notice reaches each inner server with its own requests only.
 *
 * <p>Local sends never fail for lack of room (the local queue is unbounded, and drained before
 * the handler returns). The clock, the random source, events, checkpoint requests and the epoch
 * are the composite's: inner servers draw from one random sequence per handled message.
 *
 * <p>A new composite object, with new inner server objects, is made for every incarnation.
 */
public final class CompositeServer implements Server<CompositeServer.State> {
    private final String name;
    private final List<InnerServer<?>> inners = new ArrayList<>();
    private final Map<String, InnerServer<?>> byName = new LinkedHashMap<>();
    private final ArrayDeque<Envelope> local = new ArrayDeque<>();
    private ServerContext outer;
    private State state;

    /**
     * The composite's checkpointed state: every inner server's state, each restored with its own
     * class, and what the composite itself needs.
     *
     * <p>An inner state is written without its class name and read back as a tree, which the
     * composite turns into the state class of the inner server's spec when it first uses it (at
     * start, or through {@link #state}): the class comes from the spec, so an inner server whose
     * state class is an image's (a live update, a woven layer) restores as the image's class.
     * Checkpoints written with the class name ({@code @class}, before) are still read; the name is
     * ignored.
     */
    public static final class State {
        /** Inner server name to its state: an object, or a tree as read from a checkpoint until first used. */
        @JsonDeserialize(contentAs = JsonNode.class)
        TreeMap<String, Object> states = new TreeMap<>();
        /** Requests made between inner servers, the source of their (negative) correlation ids. */
        long localRequests;
        /** Correlation id of a request an inner server sent to the outside, to the inner server's name. */
        TreeMap<Long, String> outerRequests = new TreeMap<>();
        /** Messages addressed to the composite's own name, which no inner server gets. */
        long unaddressed;

        /** An empty state; {@link CompositeSpecs} fills in the inner servers' initial states. */
        public State() {
        }

        /**
         * @param inner an inner server's name
         * @param type  its state class
         * @param <T>   its state type
         * @return its state
         * @throws IllegalArgumentException if the composite holds no state of that server
         */
        public <T> T state(final String inner, final Class<T> type) {
            if (!states.containsKey(inner)) {
                throw new IllegalArgumentException("no state of inner server '" + inner + "'; inner servers: "
                    + states.keySet());
            }
            final Object typed = InnerStates.typed(inner, states.get(inner), type);
            states.put(inner, typed);
            return type.cast(typed);
        }

        /** @return the outer requests the inner servers are waiting on, by correlation id */
        public Map<Long, String> outerRequests() {
            return java.util.Collections.unmodifiableMap(outerRequests);
        }

        /** @return how many messages came addressed to the composite's own name */
        public long unaddressed() {
            return unaddressed;
        }
    }

    /**
     * @param name  the composite's own name
     * @param specs the inner servers, in start order; each makes a fresh server object here
     */
    CompositeServer(final String name, final List<ServerSpec<?>> specs) {
        this.name = name;
        for (ServerSpec<?> spec : specs) {
            final InnerServer<?> inner = new InnerServer<>(spec, this);
            inners.add(inner);
            byName.put(inner.name(), inner);
        }
    }

    /** @return the inner servers' specs, in start order (for {@link CompositeSpecs#innerSpecs}) */
    List<ServerSpec<?>> specs() {
        return inners.stream().<ServerSpec<?>>map(i -> i.spec).toList();
    }

    // ---- for the inner contexts ----

    ServerContext outer() {
        return outer;
    }

    boolean isInner(final String server) {
        return byName.containsKey(server);
    }

    void enqueue(final Envelope envelope) {
        local.add(envelope);
    }

    long nextLocalId() {
        return -(++state.localRequests);
    }

    void trackOuterRequest(final long correlationId, final String inner) {
        state.outerRequests.put(correlationId, inner);
    }

    // ---- the server ----

    private void enter(final ServerContext ctx, final State s) {
        this.outer = ctx;
        this.state = s;
    }

    /** Starts every inner server in order from its saved state (its initial one if none), then delivers what they sent each other. */
    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) throws Exception {
        enter(ctx, s);
        s.states.keySet().retainAll(byName.keySet());
        for (InnerServer<?> inner : inners) {
            final Object saved = s.states.containsKey(inner.name()) ? stateOf(s, inner) : inner.initialState();
            s.states.put(inner.name(), call(inner, () -> inner.onStart(saved, reason)));
        }
        drain();
        return s;
    }

    /** Hands the envelope to the inner server it is addressed to, then drains the local queue. */
    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) throws Exception {
        enter(ctx, s);
        final InnerServer<?> target = byName.get(m.to());
        if (target != null) {
            if (m.kind() == Kind.REPLY) {
                s.outerRequests.remove(m.correlationId());
            }
            deliver(target, m);
        } else if (m.kind() == Kind.TIMER && m.payload() instanceof InnerTimer t && isInner(t.inner())) {
            deliver(byName.get(t.inner()),
                new Envelope(Kind.TIMER, t.inner(), m.fromEpoch(), t.inner(), 0, t.payload(), m.sentAt()));
        } else {
            s.unaddressed++;
            ctx.emit(new CustomEvent(ctx.now(), name, EventKinds.COMPOSITE_UNADDRESSED, Map.of("from", m.from(),
                "kind", m.kind().name(), "payload", m.payload().getClass().getName())));
        }
        drain();
        return s;
    }

    /**
     * Splits the notice: each inner server gets the requests it made (and only those), or an empty
     * notice if it watches the peer; requests of no known inner server (the composite restarted
     * fresh since) are dropped and recorded as an event.
     */
    @Override
    public State onPeerRestarted(final ServerContext ctx, final State s, final PeerRestarted notice)
        throws Exception {
        enter(ctx, s);
        final Map<String, List<PendingRequest>> mine = new LinkedHashMap<>();
        final List<Long> unknown = new ArrayList<>();
        for (PendingRequest r : notice.pending()) {
            final String requester = s.outerRequests.remove(r.correlationId());
            if (requester == null || !isInner(requester)) {
                unknown.add(r.correlationId());
            } else {
                mine.computeIfAbsent(requester, k -> new ArrayList<>()).add(r);
            }
        }
        if (!unknown.isEmpty()) {
            ctx.emit(new CustomEvent(ctx.now(), name, EventKinds.COMPOSITE_ORPHANS_DROPPED,
                Map.of("peer", notice.peer(), "correlationIds", List.copyOf(unknown))));
        }
        for (InnerServer<?> inner : inners) {
            final List<PendingRequest> own = mine.getOrDefault(inner.name(), List.of());
            if (!own.isEmpty() || inner.spec.watches().contains(notice.peer())) {
                final PeerRestarted split = new PeerRestarted(notice.peer(), notice.peerEpoch(), own);
                final Object before = stateOf(s, inner);
                s.states.put(inner.name(), call(inner, () -> inner.onPeerRestarted(before, split)));
            }
        }
        drain();
        return s;
    }

    /** @return whether every inner server is at its safe point: the composite is updated as one */
    @Override
    public boolean quiescent(final State s) {
        for (InnerServer<?> inner : inners) {
            if (s.states.containsKey(inner.name()) && !inner.quiescent(stateOf(s, inner))) {
                return false;
            }
        }
        return true;
    }

    /** @return the first inner server's violation, prefixed with its name; or a missing inner state */
    @Override
    public Optional<String> audit(final State s) {
        for (InnerServer<?> inner : inners) {
            if (!s.states.containsKey(inner.name())) {
                return Optional.of("no state of inner server '" + inner.name() + "'");
            }
            final Optional<String> violation = inner.audit(stateOf(s, inner));
            if (violation.isPresent()) {
                return Optional.of(inner.name() + ": " + violation.get());
            }
        }
        for (Map.Entry<Long, String> e : s.outerRequests.entrySet()) {
            if (!isInner(e.getValue())) {
                return Optional.of("outer request " + e.getKey() + " is filed under '" + e.getValue()
                    + "', not an inner server");
            }
        }
        return Optional.empty();
    }

    /** Stops every inner server, in order, even if one of them throws; then throws the first failure. */
    @Override
    public void onStop(final ServerContext ctx, final State s) {
        enter(ctx, s);
        RuntimeException first = null;
        for (InnerServer<?> inner : inners) {
            CurrentContext.set(inner.ctx);
            try {
                inner.onStop(stateOf(s, inner));
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            } finally {
                CurrentContext.set(outer);
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void deliver(final InnerServer<?> inner, final Envelope m) throws Exception {
        final Object before = stateOf(state, inner);
        state.states.put(inner.name(), call(inner, () -> inner.handle(before, m)));
    }

    /**
     * @return the inner server's state in {@code s}, turned from a checkpoint's tree into its
     *         spec's state class (and kept so) if it was one
     */
    private static Object stateOf(final State s, final InnerServer<?> inner) {
        final Object saved = s.states.get(inner.name());
        final Object typed = InnerStates.typed(inner.name(), saved, inner.spec.stateType());
        if (typed != saved) {
            s.states.put(inner.name(), typed);
        }
        return typed;
    }

    /** Delivers the messages inner servers sent each other, in order, until none is left. */
    private void drain() throws Exception {
        Envelope m;
        while ((m = local.poll()) != null) {
            deliver(byName.get(m.to()), m);
        }
    }

    /** A call into an inner server. */
    @FunctionalInterface
    private interface InnerCall {
        Object run() throws Exception;
    }

    /**
     * Runs a call into {@code inner} with its context as the thread's current one, so that code
     * woven into it (fault injection) sees the inner server; records which inner server threw.
     */
    private Object call(final InnerServer<?> inner, final InnerCall c) throws Exception {
        CurrentContext.set(inner.ctx);
        try {
            return c.run();
        } catch (Exception e) {
            outer.emit(new CustomEvent(outer.now(), name, EventKinds.COMPOSITE_INNER_CRASHED,
                Map.of("inner", inner.name(), "exception", e.getClass().getName(), "message",
                    String.valueOf(e.getMessage()))));
            throw e;
        } finally {
            CurrentContext.set(outer);
        }
    }
}
