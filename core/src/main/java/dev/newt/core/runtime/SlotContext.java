package dev.newt.core.runtime;

import dev.newt.core.event.Event;
import dev.newt.core.event.MessageFenced;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.ServerContext;
import dev.newt.core.time.TimerHandle;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The context of one incarnation. During a replay it suppresses sends, replies and timers (the
 * dead incarnation made them already) and shows the clock as it read when the message was first
 * handled, so that a handler that depends only on its inputs rebuilds the same state.
 */
final class SlotContext implements ServerContext {
    private final ServerSlot<?> slot;
    private final Incarnation<?> inc;
    private SplittableRandom random;
    private long randomKey = Long.MIN_VALUE;
    /** Which draw sequence {@link #random()} serves: the index of the message being handled. */
    long currentKey;
    boolean replaying;
    long replayClock;
    boolean checkpointRequested;
    /** The current handler promised it left the state unchanged ({@link #stateUnchanged}). */
    boolean unchanged;
    /** The current handler said it changed only minor things ({@link #minorChange}). */
    boolean minor;
    /** What the restore this incarnation started from lost ({@link #messagesLost()}); set before onStart. */
    long messagesLost;
    /** A live update's shadow incarnation: its changes mark no part of the live version's checkpoint. */
    boolean shadow;
    /** Where sends, requests and replies are noted while a shadow's outputs are compared, or null. */
    List<ServerSwap.Output> outputs;
    /** Views that speak as the slot's aliases, made when first asked for; worker-only. */
    private Map<String, AliasContext> aliasViews;

    SlotContext(final ServerSlot<?> slot, final Incarnation<?> inc) {
        this.slot = slot;
        this.inc = inc;
        this.currentKey = -inc.epoch;
    }

    @Override
    public String name() {
        return slot.name();
    }

    @Override
    public long epoch() {
        return inc.epoch;
    }

    private boolean fenced(final String to) {
        if (inc.revoked) {
            slot.runtime.record(new MessageFenced(slot.runtime.now(), slot.name(), inc.epoch, to));
            return true;
        }
        return false;
    }

    @Override
    public boolean send(final String to, final Object payload) {
        return sendAs(slot.name(), to, payload);
    }

    @Override
    public OptionalLong request(final String to, final Object payload) {
        return requestAs(slot.name(), to, payload);
    }

    @Override
    public void reply(final ReplyTo to, final Object payload) {
        replyAs(slot.name(), to, payload);
    }

    @Override
    public boolean resubmit(final PendingRequest request) {
        return resubmitAs(slot.name(), request);
    }

    /**
     * @return this context, or the cached view that speaks as {@code alias}
     * @throws IllegalArgumentException if {@code alias} is not one of the slot's names
     */
    @Override
    public ServerContext as(final String alias) {
        if (slot.name().equals(alias)) {
            return this;
        }
        if (aliasViews == null) {
            aliasViews = new HashMap<>();
        }
        final AliasContext view = aliasViews.get(alias);
        if (view != null) {
            return view;
        }
        if (!slot.spec.aliases().contains(alias)) {
            throw new IllegalArgumentException("server '" + slot.name() + "' has no alias '" + alias
                + "'; its aliases: " + slot.spec.aliases());
        }
        final AliasContext made = new AliasContext(this, alias);
        aliasViews.put(alias, made);
        return made;
    }

    boolean sendAs(final String from, final String to, final Object payload) {
        final Endpoint target = slot.runtime.endpoint(to);
        if (fenced(to)) {
            return false;
        }
        if (outputs != null) {
            outputs.add(new ServerSwap.Output(Kind.MESSAGE, from, to, payload));
        }
        if (replaying) {
            return true;
        }
        final boolean ok = target.offer(new Envelope(Kind.MESSAGE, from, inc.epoch, to, 0, payload, now()));
        if (!ok) {
            slot.counters.rejectedSends++;
        }
        return ok;
    }

    OptionalLong requestAs(final String from, final String to, final Object payload) {
        final Endpoint target = slot.runtime.endpoint(to);
        if (fenced(to)) {
            return OptionalLong.empty();
        }
        final long id = slot.nextCorrelationId();
        if (outputs != null) {
            outputs.add(new ServerSwap.Output(Kind.REQUEST, from, to, payload));
        }
        if (replaying) {
            return OptionalLong.of(id);
        }
        final long t = now();
        final PendingTable.Ticket ticket = slot.pending().add(id, to, payload, t);
        if (target.offer(new Envelope(Kind.REQUEST, from, inc.epoch, to, id, payload, t, ticket))) {
            slot.deadlines.sent(from, id, payload, t);
            return OptionalLong.of(id);
        }
        slot.pending().complete(id);
        slot.counters.rejectedSends++;
        return OptionalLong.empty();
    }

    @Override
    public void reply(final Envelope request, final Object payload) {
        replyAs(slot.name(), request, payload);
    }

    @Override
    public ReplyTo replyTo(final Envelope request) {
        if (request.kind() != Kind.REQUEST) {
            throw new IllegalArgumentException("not a request: " + request);
        }
        return new ReplyTo(request.from(), request.correlationId());
    }

    void replyAs(final String from, final ReplyTo to, final Object payload) {
        replyAs(from, to.requester(), to.correlationId(), null, payload);
    }

    /** A reply to a request at hand: marks its ticket answered directly, and makes no {@link ReplyTo}. */
    void replyAs(final String from, final Envelope request, final Object payload) {
        if (request.kind() != Kind.REQUEST) {
            throw new IllegalArgumentException("not a request: " + request);
        }
        replyAs(from, request.from(), request.correlationId(), request.ticket(), payload);
    }

    private void replyAs(final String from, final String requester, final long correlationId, final Object ticket,
                         final Object payload) {
        Objects.requireNonNull(payload, "payload");
        final Endpoint target = slot.runtime.endpoint(requester);
        if (outputs != null && !inc.revoked) {
            outputs.add(new ServerSwap.Output(Kind.REPLY, from, requester, payload));
        }
        if (fenced(requester) || replaying) {
            return;
        }
        if (PendingTable.live(ticket)) {
            ((PendingTable.Ticket) ticket).answered = true;
        } else {
            target.pending().markAnswered(correlationId);
        }
        target.offerReply(new Envelope(Kind.REPLY, from, inc.epoch, requester, correlationId, payload, now()));
    }

    boolean resubmitAs(final String from, final PendingRequest request) {
        final Endpoint target = slot.runtime.endpoint(request.to());
        if (fenced(request.to())) {
            return false;
        }
        if (replaying) {
            return true;
        }
        final PendingTable.Ticket ticket = slot.pending().add(request);
        if (target.offer(new Envelope(Kind.REQUEST, from, inc.epoch, request.to(),
            request.correlationId(), request.payload(), now(), ticket))) {
            slot.deadlines.sent(from, request);
            return true;
        }
        slot.pending().complete(request.correlationId());
        slot.counters.rejectedSends++;
        return false;
    }

    @Override
    public TimerHandle setTimer(final Duration delay, final Object payload) {
        Objects.requireNonNull(payload, "payload");
        if (replaying || inc.revoked) {
            return CANCELLED;
        }
        return slot.runtime.timers().schedule(delay.toNanos(), () -> slot.timerFired(inc.epoch, payload));
    }

    @Override
    public long now() {
        return replaying ? replayClock : slot.runtime.now();
    }

    /**
     * A source seeded by (runtime seed, server name, index of the message being handled), made
     * when first asked for in a handler: a replayed message draws what it drew the first time.
     */
    @Override
    public RandomGenerator random() {
        if (randomKey != currentKey || random == null) {
            randomKey = currentKey;
            long h = slot.runtime.seed() * 0x9E3779B97F4A7C15L + slot.name().hashCode();
            h = h * 0xBF58476D1CE4E5B9L + currentKey;
            random = new SplittableRandom(h ^ (h >>> 31));
        }
        return random;
    }

    @Override
    public void emit(final Event event) {
        if (!replaying) {
            slot.runtime.record(event);
        }
    }

    @Override
    public void checkpoint() {
        checkpointRequested = true;
    }

    @Override
    public void partChanged(final long key) {
        if (!inc.revoked && !shadow) {
            slot.checkpoints.partChanged(key);
        }
    }

    @Override
    public void stateUnchanged() {
        unchanged = true;
    }

    @Override
    public void minorChange() {
        minor = true;
    }

    @Override
    public long messagesLost() {
        return messagesLost;
    }

    @Override
    public boolean replaying() {
        return replaying;
    }

    @Override
    public boolean revoked() {
        return inc.revoked;
    }

    @Override
    public void failOutside(final Throwable cause) {
        slot.command(() -> slot.lifecycle.failOutside(inc, cause));
    }

    @Override
    public boolean simulated() {
        return slot.runtime.simulated();
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
