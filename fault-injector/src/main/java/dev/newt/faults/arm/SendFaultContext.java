package dev.newt.faults.arm;

import dev.newt.core.event.Event;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.ServerContext;
import dev.newt.core.time.TimerHandle;
import dev.newt.faults.FaultType;
import dev.newt.faults.Glob;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The context an activated send-side message fault hands to the woven method in place of its own:
 * the first message the method sends (to a server matching the fault's {@code to}, if given) is
 * dropped, corrupted or sent twice; everything else goes straight to the real context.
 *
 * <p>A dropped one-way message or reply reports success to the sender, as a message lost on the
 * way would. A dropped request is given a negative correlation id that no reply will ever carry:
 * the requester waits, as for a lost request (the runtime does not know of it, so it is not
 * resubmitted when the receiver restarts). A duplicated request goes out twice under two ids.
 * Only the context passed to the method is replaced: code that calls
 * {@link ServerContext#current()} instead sends unaffected.
 */
final class SendFaultContext implements ServerContext {
    private final ServerContext real;
    private final Activation activation;
    private final Glob to;
    private boolean fired;

    SendFaultContext(final ServerContext real, final Activation activation) {
        this.real = real;
        this.activation = activation;
        final Object pattern = activation.site.fault().spec.param("to");
        this.to = pattern == null ? null : Glob.of((String) pattern);
    }

    /** Called at the method's exit: reports an activation that found nothing to act on. */
    void close() {
        if (!fired) {
            fired = true;
            activation.report(Activation.effect("direction", "send", "applied", false, "reason",
                "the method sent nothing" + (to == null ? "" : " to " + to)));
        }
    }

    /** @return whether this message is the one the fault takes */
    private boolean takes(final String receiver) {
        if (fired || (to != null && !to.matches(receiver))) {
            return false;
        }
        fired = true;
        return true;
    }

    private Map<String, Object> fields(final String receiver, final String kind, final Object payload) {
        return Activation.effect("direction", "send", "to", receiver, "kind", kind, "payload",
            payload.getClass().getSimpleName());
    }

    private FaultType type() {
        return activation.site.fault().spec.type();
    }

    @Override
    public boolean send(final String receiver, final Object payload) {
        if (!takes(receiver)) {
            return real.send(receiver, payload);
        }
        final Map<String, Object> fields = fields(receiver, "MESSAGE", payload);
        switch (type()) {
            case DROP_MESSAGE -> {
                activation.report(fields);
                return true;
            }
            case CORRUPT_MESSAGE -> {
                final Object p = Effects.corruptPayload(activation, payload, fields);
                activation.report(fields);
                return real.send(receiver, p);
            }
            default -> {
                activation.report(fields);
                final boolean ok = real.send(receiver, payload);
                real.send(receiver, payload);
                return ok;
            }
        }
    }

    @Override
    public OptionalLong request(final String receiver, final Object payload) {
        if (!takes(receiver)) {
            return real.request(receiver, payload);
        }
        final Map<String, Object> fields = fields(receiver, "REQUEST", payload);
        switch (type()) {
            case DROP_MESSAGE -> {
                activation.report(fields);
                return OptionalLong.of(-activation.call);
            }
            case CORRUPT_MESSAGE -> {
                final Object p = Effects.corruptPayload(activation, payload, fields);
                activation.report(fields);
                return real.request(receiver, p);
            }
            default -> {
                activation.report(fields);
                final OptionalLong id = real.request(receiver, payload);
                real.request(receiver, payload);
                return id;
            }
        }
    }

    @Override
    public void reply(final Envelope request, final Object payload) {
        reply(real.replyTo(request), payload);
    }

    @Override
    public void reply(final ReplyTo replyTo, final Object payload) {
        if (!takes(replyTo.requester())) {
            real.reply(replyTo, payload);
            return;
        }
        final Map<String, Object> fields = fields(replyTo.requester(), "REPLY", payload);
        switch (type()) {
            case DROP_MESSAGE -> activation.report(fields);
            case CORRUPT_MESSAGE -> {
                final Object p = Effects.corruptPayload(activation, payload, fields);
                activation.report(fields);
                real.reply(replyTo, p);
            }
            default -> {
                activation.report(fields);
                real.reply(replyTo, payload);
                real.reply(replyTo, payload);
            }
        }
    }

    // Everything else is the real context's business.

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public long epoch() {
        return real.epoch();
    }

    @Override
    public ReplyTo replyTo(final Envelope request) {
        return real.replyTo(request);
    }

    @Override
    public boolean resubmit(final PendingRequest request) {
        return real.resubmit(request);
    }

    @Override
    public TimerHandle setTimer(final Duration delay, final Object payload) {
        return real.setTimer(delay, payload);
    }

    @Override
    public long now() {
        return real.now();
    }

    @Override
    public RandomGenerator random() {
        return real.random();
    }

    @Override
    public void emit(final Event event) {
        real.emit(event);
    }

    @Override
    public void checkpoint() {
        real.checkpoint();
    }

    @Override
    public void partChanged(final long key) {
        real.partChanged(key);
    }

    @Override
    public void stateUnchanged() {
        real.stateUnchanged();
    }

    @Override
    public void minorChange() {
        real.minorChange();
    }

    @Override
    public boolean replaying() {
        return real.replaying();
    }

    @Override
    public boolean revoked() {
        return real.revoked();
    }

    @Override
    public boolean simulated() {
        return real.simulated();
    }

    @Override
    public dev.newt.core.server.RuntimeResources resources() {
        return real.resources();
    }
}
