package dev.newt.core.process;

import dev.newt.core.event.Event;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.ServerContext;
import dev.newt.core.time.TimerHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A handler's context in a server process: every effect goes to the parent as a record, in the
 * order the handler made it, and the parent's runtime carries it out with the incarnation's own
 * context there (fencing, pending tables, deadlines, replay suppression all stay the parent's).
 * What returns a value the parent decides (a send refused by a full mailbox, a correlation id, a
 * timer, the clock, the random seed of the message) is a question answered before the handler
 * goes on. The epoch, the replay flag and {@code messagesLost} come with each message.
 */
final class ChildContext implements ServerContext {
    private final ChildMain main;
    private final String name;
    private final String as;
    private final boolean simulated;
    private long epoch;
    boolean replaying;
    long messagesLost;
    boolean unchanged;
    Envelope handling;
    private RandomGenerator random;
    private final ChildContext self;

    ChildContext(final ChildMain main, final String name, final long epoch, final boolean simulated) {
        this(main, name, null, epoch, simulated, null);
    }

    private ChildContext(final ChildMain main, final String name, final String as, final long epoch,
                         final boolean simulated, final ChildContext self) {
        this.main = main;
        this.name = name;
        this.as = as;
        this.epoch = epoch;
        this.simulated = simulated;
        this.self = self == null ? this : self;
    }

    /** A new handler call: its incarnation's epoch, whether it is a replay, what the restore lost. */
    void begin(final long e, final boolean replay, final long lost) {
        epoch = e;
        replaying = replay;
        messagesLost = lost;
        unchanged = false;
        random = null;
    }

    private long ask(final int type) {
        main.write(type);
        return main.answer();
    }

    @Override
    public String name() {
        return as == null ? name : as;
    }

    @Override
    public long epoch() {
        return self.epoch;
    }

    @Override
    public ServerContext as(final String alias) {
        return name.equals(alias) ? self : new ChildContext(main, name, alias, self.epoch, simulated, self);
    }

    @Override
    public boolean send(final String to, final Object payload) {
        main.record.reset().putString(as).putString(to);
        main.payloads.write(main.record, Objects.requireNonNull(payload, "payload"));
        return ask(Frames.SEND) != 0;
    }

    @Override
    public OptionalLong request(final String to, final Object payload) {
        main.record.reset().putString(as).putString(to);
        main.payloads.write(main.record, Objects.requireNonNull(payload, "payload"));
        final long id = ask(Frames.REQUEST);
        return id < 0 ? OptionalLong.empty() : OptionalLong.of(id);
    }

    @Override
    public void reply(final Envelope request, final Object payload) {
        if (request.kind() != Envelope.Kind.REQUEST) {
            throw new IllegalArgumentException("not a request: " + request);
        }
        reply(new ReplyTo(request.from(), request.correlationId()), payload);
    }

    @Override
    public ReplyTo replyTo(final Envelope request) {
        if (request.kind() != Envelope.Kind.REQUEST) {
            throw new IllegalArgumentException("not a request: " + request);
        }
        return new ReplyTo(request.from(), request.correlationId());
    }

    @Override
    public void reply(final ReplyTo to, final Object payload) {
        main.record.reset().putString(as).putString(to.requester()).putLong(to.correlationId());
        main.payloads.write(main.record, Objects.requireNonNull(payload, "payload"));
        main.write(Frames.REPLY);
    }

    @Override
    public boolean resubmit(final PendingRequest request) {
        main.record.reset().putString(as).putLong(request.correlationId()).putString(request.to());
        main.payloads.write(main.record, request.payload());
        main.record.putLong(request.sentAt());
        return ask(Frames.RESUBMIT) != 0;
    }

    @Override
    public TimerHandle setTimer(final Duration delay, final Object payload) {
        main.record.reset().putLong(delay.toNanos());
        main.payloads.write(main.record, Objects.requireNonNull(payload, "payload"));
        final long id = ask(Frames.TIMER);
        return new TimerHandle() {
            private boolean cancelled = id < 0;

            @Override
            public void cancel() {
                if (!cancelled) {
                    cancelled = true;
                    main.record.reset().putLong(id);
                    main.write(Frames.CANCEL);
                }
            }

            @Override
            public boolean cancelled() {
                return cancelled;
            }
        };
    }

    @Override
    public long now() {
        main.record.reset();
        return ask(Frames.NOW);
    }

    @Override
    public RandomGenerator random() {
        if (self.random == null) {
            main.record.reset();
            self.random = new SplittableRandom(ask(Frames.RANDOM));
        }
        return self.random;
    }

    @Override
    public void emit(final Event event) {
        main.record.reset();
        main.payloads.write(main.record, event);
        main.write(Frames.EMIT);
    }

    @Override
    public void checkpoint() {
        main.record.reset();
        main.write(Frames.CHECKPOINT);
    }

    @Override
    public void partChanged(final long key) {
        main.record.reset().putLong(key);
        main.write(Frames.PART);
    }

    @Override
    public void stateUnchanged() {
        self.unchanged = true;
        main.record.reset();
        main.write(Frames.UNCHANGED);
    }

    @Override
    public boolean replaying() {
        return self.replaying;
    }

    @Override
    public boolean revoked() {
        main.record.reset();
        return ask(Frames.REVOKED) != 0;
    }

    @Override
    public boolean simulated() {
        return simulated;
    }

    @Override
    public long messagesLost() {
        return self.messagesLost;
    }
}
