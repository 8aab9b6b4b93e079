package dev.newt.core.composite;

import dev.newt.core.event.Event;
import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.ServerContext;
import dev.newt.core.time.TimerHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The context of one inner server of a composite. What it sends to another inner server of the
 * same composite goes into the composite's local queue, handled before the composite's handler
 * returns: a direct call, with no mailbox and no thread hop. What it sends to anyone else leaves
 * through the composite's context speaking as this server's name (an alias of the composite), so
 * that receivers see the sender they would see in the multiserver configuration. Timers are the
 * composite's, tagged with this server's name; the rest is the composite's context.
 */
final class InnerContext implements ServerContext {
    private final CompositeServer composite;
    private final String name;

    InnerContext(final CompositeServer composite, final String name) {
        this.composite = composite;
        this.name = name;
    }

    private ServerContext outer() {
        return composite.outer();
    }

    private ServerContext outerAsMe() {
        return composite.outer().as(name);
    }

    private void local(final Kind kind, final String to, final long correlationId, final Object payload) {
        Objects.requireNonNull(payload, "payload");
        composite.enqueue(new Envelope(kind, name, epoch(), to, correlationId, payload, now()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long epoch() {
        return outer().epoch();
    }

    /** Local sends always succeed: the local queue is drained before the handler returns. */
    @Override
    public boolean send(final String to, final Object payload) {
        if (composite.isInner(to)) {
            local(Kind.MESSAGE, to, 0, payload);
            return true;
        }
        return outerAsMe().send(to, payload);
    }

    /**
     * Local requests take negative correlation ids from the composite's counter, so they never
     * collide with the runtime's (positive) ids of this server's requests to the outside.
     */
    @Override
    public OptionalLong request(final String to, final Object payload) {
        if (composite.isInner(to)) {
            final long id = composite.nextLocalId();
            local(Kind.REQUEST, to, id, payload);
            return OptionalLong.of(id);
        }
        final OptionalLong id = outerAsMe().request(to, payload);
        id.ifPresent(i -> composite.trackOuterRequest(i, name));
        return id;
    }

    @Override
    public void reply(final Envelope request, final Object payload) {
        reply(replyTo(request), payload);
    }

    @Override
    public ReplyTo replyTo(final Envelope request) {
        if (request.kind() != Kind.REQUEST) {
            throw new IllegalArgumentException("not a request: " + request);
        }
        return new ReplyTo(request.from(), request.correlationId());
    }

    @Override
    public void reply(final ReplyTo to, final Object payload) {
        if (composite.isInner(to.requester())) {
            local(Kind.REPLY, to.requester(), to.correlationId(), payload);
        } else {
            outerAsMe().reply(to, payload);
        }
    }

    @Override
    public boolean resubmit(final PendingRequest request) {
        if (composite.isInner(request.to())) {
            local(Kind.REQUEST, request.to(), request.correlationId(), request.payload());
            return true;
        }
        final boolean sent = outerAsMe().resubmit(request);
        if (sent) {
            composite.trackOuterRequest(request.correlationId(), name);
        }
        return sent;
    }

    @Override
    public TimerHandle setTimer(final Duration delay, final Object payload) {
        return outer().setTimer(delay, new InnerTimer(name, payload));
    }

    @Override
    public long now() {
        return outer().now();
    }

    @Override
    public RandomGenerator random() {
        return outer().random();
    }

    @Override
    public void emit(final Event event) {
        outer().emit(event);
    }

    @Override
    public void checkpoint() {
        outer().checkpoint();
    }

    /** Nothing: a composite checkpoints its inner states whole. */
    @Override
    public void partChanged(final long key) {
    }

    /** Nothing: another inner server may change the composite's state within the same message. */
    @Override
    public void stateUnchanged() {
    }

    /** Nothing: a composite's message may change another inner server's state more. */
    @Override
    public void minorChange() {
    }

    @Override
    public boolean replaying() {
        return outer().replaying();
    }

    @Override
    public boolean revoked() {
        return outer().revoked();
    }

    @Override
    public boolean simulated() {
        return outer().simulated();
    }

    @Override
    public dev.newt.core.server.RuntimeResources resources() {
        return outer().resources();
    }
}
