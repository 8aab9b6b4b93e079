package dev.newt.core.process;

import dev.newt.core.channel.EnvelopeCodec;
import dev.newt.core.channel.FrameIn;
import dev.newt.core.channel.FrameOut;
import dev.newt.core.channel.PayloadCodec;
import dev.newt.core.event.Event;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.Hang;
import dev.newt.core.server.PeerRestarted;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.server.StartReason;
import dev.newt.core.time.TimerHandle;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One incarnation of a process-isolated server, as the runtime sees it: a {@link Server} whose
 * every call runs in the server's process. The first call (a replayed message or {@code onStart})
 * gives the process the state to start from; each later call sends the message and serves the
 * handler's records until it ends: effects are carried out with this incarnation's context, in
 * order, questions answered, and the new state (CBOR, the checkpoint encoding) decoded into the
 * state the runtime keeps and checkpoints. So checkpoints, the replay log, pending requests and
 * timers live in the parent, and a new process needs only the state.
 *
 * <p>A process that dies while a call waits fails that call ({@link ServerProcessDied}); one that
 * dies between calls is reported with {@link ServerContext#failOutside}; either way the supervisor
 * recovers the server as after a crash, in a new process. A handler that throws in the process is
 * a crash of the incarnation ({@link IsolatedServerFailed}) and its process serves the next one.
 */
final class ProcessProxy<S> implements Server<S> {
    /** What {@link Hang#forever} throws in the child: the handler hung (simulated) or was revoked hung. */
    private static final java.util.Set<String> HANGS = java.util.Set.of(Hang.SimulatedHang.class.getName(),
        Hang.IncarnationRevoked.class.getName());
    private final ProcessIsolation host;
    private final ProcessIsolation.Placement placement;
    private final ServerSpec<S> spec;
    private ServerProcess process;
    private volatile boolean active = true;
    private final Map<Long, TimerHandle> timers = new HashMap<>();
    private long nextTimer;
    private Envelope handling;
    /** Reads payloads with the loader of the server's own classes, which sees its message types (an image's, a plugin's). */
    private final PayloadCodec payloads;

    ProcessProxy(final ProcessIsolation host, final ProcessIsolation.Placement placement, final ServerSpec<S> spec) {
        this.host = host;
        this.placement = placement;
        this.spec = spec;
        this.payloads = new PayloadCodec(loaderOf(spec));
    }

    /** @return the loader of the server's state class, which sees what the server's image sees */
    static ClassLoader loaderOf(final ServerSpec<?> spec) {
        final ClassLoader l = spec.stateType().getClassLoader();
        return l != null ? l : ProcessProxy.class.getClassLoader();
    }

    /** Gives the state to a process on the first call. */
    private ServerProcess process(final ServerContext ctx, final S state) {
        if (process != null) {
            return process;
        }
        final ServerProcess p = host.acquire(spec.name());
        process = p;
        p.onDeath(() -> {
            if (active && process == p) {
                ctx.failOutside(p.died());
            }
        });
        final FrameOut out = p.out.reset().putString(placement.recipe()).putInt(placement.args().size());
        placement.args().forEach(out::putString);
        out.putString(spec.name()).putLong(ctx.epoch()).putBoolean(ctx.simulated())
            .putBytes(ChildMain.CODEC.encode(spec.name(), state));
        p.send(Frames.INIT);
        converse(ctx, state);
        return p;
    }

    private void header(final ServerProcess p, final ServerContext ctx) {
        p.out.reset().putLong(ctx.epoch()).putBoolean(ctx.replaying()).putLong(ctx.messagesLost());
    }

    @Override
    public S onStart(final ServerContext ctx, final S state, final StartReason reason) {
        final ServerProcess p = process(ctx, state);
        header(p, ctx);
        p.out.putInt(reason.ordinal());
        p.send(Frames.START);
        return converse(ctx, state);
    }

    @Override
    public S handle(final ServerContext ctx, final S state, final Envelope message) {
        final ServerProcess p = process(ctx, state);
        header(p, ctx);
        EnvelopeCodec.write(p.out, message, payloads);
        p.send(Frames.DELIVER);
        handling = message;
        try {
            return converse(ctx, state);
        } finally {
            handling = null;
        }
    }

    @Override
    public S onPeerRestarted(final ServerContext ctx, final S state, final PeerRestarted notice) {
        final ServerProcess p = process(ctx, state);
        header(p, ctx);
        p.out.putString(notice.peer()).putLong(notice.peerEpoch()).putInt(notice.pending().size());
        for (PendingRequest r : notice.pending()) {
            p.out.putLong(r.correlationId()).putString(r.to());
            payloads.write(p.out, r.payload());
            p.out.putLong(r.sentAt());
        }
        p.send(Frames.PEER_RESTARTED);
        return converse(ctx, state);
    }

    @Override
    public Optional<String> audit(final S state) {
        if (process == null) {
            return Optional.empty();
        }
        process.out.reset();
        process.send(Frames.AUDIT);
        return Optional.ofNullable((String) converse(null, state));
    }

    @Override
    public boolean quiescent(final S state) {
        if (process == null) {
            return true;
        }
        process.out.reset();
        process.send(Frames.QUIESCENT);
        return (Long) converse(null, state) != 0;
    }

    @Override
    public void onStop(final ServerContext ctx, final S state) {
        active = false;
        if (process != null) {
            host.retire(process);
        }
    }

    /**
     * A newer incarnation took this one's place (an update, or a restart that did not end this
     * process): the process would serve nobody, so it goes, off the caller's path (its death is not
     * a failure of the server).
     */
    @Override
    public void onSuperseded() {
        active = false;
        final ServerProcess p = process;
        process = null;
        if (p != null) {
            host.retireLater(p);
        }
    }

    /**
     * Serves the process's records until the call ends.
     *
     * @return the state after the call (DONE), the audit's finding (AUDITED) or the answer (RESULT)
     */
    @SuppressWarnings("unchecked")
    private <T> T converse(final ServerContext ctx, final S state) {
        final ServerProcess p = process;
        final FrameIn in = p.in;
        final Waiter w = new Waiter();
        while (true) {
            final int type = p.fromChild.poll(in);
            if (type == 0) {
                if (w.idle()) {
                    checkAlive(p, ctx);
                }
                continue;
            }
            w.reset();
            switch (type) {
                case Frames.DONE -> {
                    return (T) (in.getBoolean() ? ChildMain.CODEC.decode(spec.name(), in.getBytes(), spec.stateType()) : state);
                }
                case Frames.AUDITED -> {
                    return (T) in.getString();
                }
                case Frames.RESULT -> {
                    return (T) Long.valueOf(in.getLong());
                }
                case Frames.FAILED -> {
                    final String thrown = in.getString();
                    final String message = in.getString();
                    // The process is sound: the next incarnation runs in it.
                    active = false;
                    host.park(spec.name(), p);
                    process = null;
                    if (ctx != null && HANGS.contains(thrown)) {
                        // The handler hung in the child (Hang.forever): hang here too, so that the
                        // runtime sees a hang as it would in its own JVM, not a crash.
                        Hang.forever();
                    }
                    throw new IsolatedServerFailed(thrown, message);
                }
                default -> effect(p, ctx, type, in);
            }
        }
    }

    private void checkAlive(final ServerProcess p, final ServerContext ctx) {
        if (!p.alive()) {
            active = false;
            throw p.died();
        }
        if (ctx != null && ctx.revoked()) {
            // The runtime gave up on this handler (a hang): the process is stuck in it.
            active = false;
            p.kill("its handler hung");
            throw p.died();
        }
    }

    private void effect(final ServerProcess p, final ServerContext ctx, final int type, final FrameIn in) {
        switch (type) {
            case Frames.SEND -> {
                final ServerContext from = as(ctx, in.getString());
                final String to = in.getString();
                answer(p, from.send(to, payloads.read(in)) ? 1 : 0);
            }
            case Frames.REQUEST -> {
                final ServerContext from = as(ctx, in.getString());
                final String to = in.getString();
                final OptionalLong id = from.request(to, payloads.read(in));
                answer(p, id.isPresent() ? id.getAsLong() : -1);
            }
            case Frames.REPLY -> {
                final ServerContext from = as(ctx, in.getString());
                final String requester = in.getString();
                final long id = in.getLong();
                final Object payload = payloads.read(in);
                final Envelope h = handling;
                if (h != null && h.isRequest() && h.correlationId() == id && h.from().equals(requester)) {
                    from.reply(h, payload);
                } else {
                    from.reply(new ReplyTo(requester, id), payload);
                }
            }
            case Frames.RESUBMIT -> {
                final ServerContext from = as(ctx, in.getString());
                final long id = in.getLong();
                final String to = in.getString();
                final Object payload = payloads.read(in);
                answer(p, from.resubmit(new PendingRequest(id, to, payload, in.getLong())) ? 1 : 0);
            }
            case Frames.TIMER -> {
                final long delay = in.getLong();
                final TimerHandle h = ctx.setTimer(Duration.ofNanos(delay), payloads.read(in));
                final long id = ++nextTimer;
                timers.values().removeIf(TimerHandle::cancelled);
                timers.put(id, h);
                answer(p, h.cancelled() ? -1 : id);
            }
            case Frames.CANCEL -> {
                final TimerHandle h = timers.remove(in.getLong());
                if (h != null) {
                    h.cancel();
                }
            }
            case Frames.NOW -> answer(p, ctx.now());
            case Frames.RANDOM -> answer(p, ctx.random().nextLong());
            case Frames.REVOKED -> answer(p, ctx.revoked() ? 1 : 0);
            case Frames.EMIT -> ctx.emit((Event) payloads.read(in));
            case Frames.CHECKPOINT -> ctx.checkpoint();
            case Frames.PART -> ctx.partChanged(in.getLong());
            case Frames.UNCHANGED -> ctx.stateUnchanged();
            default -> throw new IllegalStateException("server process " + p.pid() + " sent unknown record " + type);
        }
    }

    private static ServerContext as(final ServerContext ctx, final String alias) {
        return alias == null ? ctx : ctx.as(alias);
    }

    private static void answer(final ServerProcess p, final long value) {
        p.out.reset().putLong(value);
        p.send(Frames.ANSWER);
    }
}
