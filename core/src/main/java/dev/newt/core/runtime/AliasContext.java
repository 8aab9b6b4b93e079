package dev.newt.core.runtime;

import dev.newt.core.server.RuntimeResources;
import dev.newt.core.event.Event;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.ServerContext;
import dev.newt.core.time.TimerHandle;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * A view of an incarnation's context that speaks as one of the slot's aliases: what it sends
 * carries {@code from = alias}, so that receivers that check their sender see the name they expect.
 * Fencing, replay suppression, pending-request tracking and everything else are the incarnation's.
 */
final class AliasContext implements ServerContext {
    private final SlotContext ctx;
    private final String alias;

    AliasContext(final SlotContext ctx, final String alias) {
        this.ctx = ctx;
        this.alias = alias;
    }

    @Override
    public String name() {
        return alias;
    }

    @Override
    public long epoch() {
        return ctx.epoch();
    }

    @Override
    public boolean send(final String to, final Object payload) {
        return ctx.sendAs(alias, to, payload);
    }

    @Override
    public OptionalLong request(final String to, final Object payload) {
        return ctx.requestAs(alias, to, payload);
    }

    @Override
    public void reply(final Envelope request, final Object payload) {
        ctx.replyAs(alias, request, payload);
    }

    @Override
    public ReplyTo replyTo(final Envelope request) {
        return ctx.replyTo(request);
    }

    @Override
    public void reply(final ReplyTo to, final Object payload) {
        ctx.replyAs(alias, to, payload);
    }

    @Override
    public boolean resubmit(final PendingRequest request) {
        return ctx.resubmitAs(alias, request);
    }

    /** Timers are the slot's: they come back addressed to its own name, whoever set them. */
    @Override
    public TimerHandle setTimer(final Duration delay, final Object payload) {
        return ctx.setTimer(delay, payload);
    }

    @Override
    public long now() {
        return ctx.now();
    }

    @Override
    public RandomGenerator random() {
        return ctx.random();
    }

    @Override
    public void emit(final Event event) {
        ctx.emit(event);
    }

    @Override
    public void checkpoint() {
        ctx.checkpoint();
    }

    @Override
    public void partChanged(final long key) {
        ctx.partChanged(key);
    }

    @Override
    public void stateUnchanged() {
        ctx.stateUnchanged();
    }

    @Override
    public void minorChange() {
        ctx.minorChange();
    }

    @Override
    public boolean replaying() {
        return ctx.replaying();
    }

    @Override
    public boolean revoked() {
        return ctx.revoked();
    }

    @Override
    public boolean simulated() {
        return ctx.simulated();
    }

    @Override
    public RuntimeResources resources() {
        return ctx.resources();
    }

    @Override
    public long messagesLost() {
        return ctx.messagesLost();
    }

    @Override
    public ServerContext as(final String other) {
        return ctx.as(other);
    }
}
