package dev.newt.net.workload;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.RequestTimedOut;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.stats.Counters;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The skeleton of a workload that drives its host's sock with stream calls and runs until done,
 * failed or out of time: the {@link WorkloadClock} (a metric event per bin, a deadline, one
 * summary that ends with the errors by code), calls whose refusal by a full mailbox is an error,
 * and every message dispatched as a bin's end, the deadline, a reply to one of its calls (matched
 * by its correlation id) or a timer of its own. Once the run is over, only bins are still handled.
 * It times its data calls (sends and receives): their latency is every stream workload's
 * per-request latency, in its bins and its summary, unless the workload reports its own.
 *
 * @param <S> the workload's state
 */
abstract class StreamClient<S extends StreamClient.State> implements Server<S> {

    /** What every stream client's checkpointed state holds. */
    static class State {
        WorkloadClock clock = new WorkloadClock();
        Counters errors = new Counters();
        /** The data calls (sends, receives) awaiting their answers: correlation id to when made. */
        TreeMap<Long, Long> dataCallsAt = new TreeMap<>();
        /** How long the data calls took, over the run and over the bin under way. */
        RttStats latency = new RttStats();
        RttStats binLatency = new RttStats();

        /** @return whether the workload has written its summary */
        public boolean finished() {
            return clock.finished;
        }
    }

    private final String workload;
    private final String sock;
    private final Duration bin;
    private final Duration deadline;

    /**
     * @param workload the workload's type in its events, such as {@code bulk-sender}
     * @param sock     the host's sock server
     * @param bin      width of a metric bin
     * @param deadline how long a run may take
     */
    StreamClient(final String workload, final String sock, final Duration bin, final Duration deadline) {
        this.workload = workload;
        this.sock = sock;
        this.bin = bin;
        this.deadline = deadline;
    }

    @Override
    public final S onStart(final ServerContext ctx, final S s, final StartReason reason) {
        if (s.clock.finished) {
            return s;
        }
        if (reason == StartReason.FIRST_START || !s.clock.started()) {
            s.clock.start(ctx, deadline);
            started(ctx, s);
        }
        s.clock.arm(ctx, bin);
        resume(ctx, s);
        return s;
    }

    @Override
    public final S handle(final ServerContext ctx, final S s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof WorkloadClock.Bin) {
            metric(ctx, s);
            if (!s.clock.finished) {
                ctx.setTimer(bin, new WorkloadClock.Bin());
            }
            return s;
        }
        if (s.clock.finished) {
            return s;
        }
        if (p instanceof WorkloadClock.Deadline) {
            deadline(ctx, s);
        } else if (m.kind() == Kind.REPLY) {
            final Long at = s.dataCallsAt.remove(m.correlationId());
            if (at != null) {
                s.latency.add(ctx.now() - at);
                s.binLatency.add(ctx.now() - at);
            }
            reply(ctx, s, m.correlationId(), p);
        } else {
            timer(ctx, s, p);
        }
        return s;
    }

    /** The run starts (not on a restart that restored it): set up what it counts from. */
    void started(final ServerContext ctx, final S s) {
    }

    /** After every start, with the clock armed: make the calls or arm the timers the state asks for. */
    abstract void resume(ServerContext ctx, S s);

    /** The deadline came before the run was over. */
    abstract void deadline(ServerContext ctx, S s);

    /** @param call the correlation id of the call answered @param p the answer */
    abstract void reply(ServerContext ctx, S s, long call, Object p);

    /** A timer of the workload's own, or anything else it was sent. */
    void timer(final ServerContext ctx, final S s, final Object p) {
    }

    /** The run meets an error {@code code}: count it and carry on or finish, as the workload does. */
    abstract void fail(ServerContext ctx, S s, String code);

    /** @param width the bin's width in nanoseconds @return its figures, in order */
    abstract Map<String, Object> binFigures(S s, long width);

    /** The bin's figures are written: start counting the next one from zero. */
    abstract void clearBin(S s);

    /** @param f the summary so far (the workload); add the workload's figures, in order */
    abstract void summaryFigures(ServerContext ctx, S s, Map<String, Object> f);

    /**
     * Sends a call to sock.
     *
     * @return the call's id, or 0 (and the run {@link #fail fails} with {@code NO_BUFFER_SPACE}) if
     *         sock's mailbox was full
     */
    final long request(final ServerContext ctx, final S s, final Object payload) {
        return request(ctx, s, sock, payload);
    }

    /**
     * Sends a call to a sock of the host's (one replica's, for a server that listens in every
     * replica).
     *
     * @return the call's id, or 0 (and the run {@link #fail fails} with {@code NO_BUFFER_SPACE}) if
     *         that sock's mailbox was full
     */
    final long request(final ServerContext ctx, final S s, final String to, final Object payload) {
        final OptionalLong id = ctx.request(to, payload);
        if (id.isEmpty()) {
            fail(ctx, s, "NO_BUFFER_SPACE");
            return 0;
        }
        if (payload instanceof StreamSend || payload instanceof StreamReceive) {
            s.dataCallsAt.put(id.getAsLong(), ctx.now());
        }
        return id.getAsLong();
    }

    /** Sends a call to sock whose answer is not waited for. @return its id, if sock took it */
    final OptionalLong tell(final ServerContext ctx, final Object payload) {
        return ctx.request(sock, payload);
    }

    /** Sends a call to a given sock whose answer is not waited for. @return its id, if sock took it */
    final OptionalLong tell(final ServerContext ctx, final String to, final Object payload) {
        return ctx.request(to, payload);
    }

    /**
     * @param p an answer that is not the one hoped for
     * @return its error code; {@code TIMEOUT} for a request the runtime ended at its deadline;
     *         {@code UNEXPECTED} if none
     */
    static String code(final Object p) {
        if (p instanceof RequestTimedOut) {
            return "TIMEOUT";
        }
        return p instanceof SocketError err ? err.code() : "UNEXPECTED";
    }

    /** Ends the bin under way with its metric event. */
    final void metric(final ServerContext ctx, final S s) {
        s.clock.endBin(ctx, workload, width -> {
            final Map<String, Object> f = binFigures(s, width);
            f.putIfAbsent("latencyP99Nanos", s.binLatency.percentile(99));
            return f;
        });
        s.binLatency = new RttStats();
        clearBin(s);
    }

    /** Ends the run, once: the last bin's metric, then the summary with the errors by code. */
    final void finish(final ServerContext ctx, final S s) {
        if (s.clock.finished) {
            return;
        }
        metric(ctx, s);
        s.clock.finished = true;
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("workload", workload);
        summaryFigures(ctx, s, f);
        WorkloadEvents.latency(f, s.latency);
        f.put("errorCount", s.errors.total());
        f.put("errors", new TreeMap<>(s.errors));
        WorkloadEvents.summary(ctx, f);
    }
}
