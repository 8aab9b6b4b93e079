package dev.newt.net.workload;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.msg.StreamReceive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The bulk workload's receiver: listens on a port through its host's sock, accepts one
 * connection, and checks every byte it receives against the seeded {@link StreamPattern} at its
 * offset, keeping {@code outstanding} receives at sock (sock answers them in order). The run ends
 * at the end of the stream, at an error, or at the deadline, with a summary:
 * {@code bytesExpected}, {@code bytesReceived}, {@code bytesCorrupted} (bytes that differ from the
 * pattern, and bytes beyond the expected count), {@code firstBadOffset} (-1 if none),
 * {@code complete} (end of stream after exactly the expected count), {@code throughputBytesPerSecond}
 * (runtime clock, from the accept to the end), {@code errors} per code. A metric event per time
 * bin gives the bytes received in it.
 */
public final class BulkReceiver implements Server<BulkReceiver.State> {
    private final Config cfg;

    /**
     * @param sock        the host's sock server
     * @param port        the port to listen on
     * @param bytes       how many bytes the sender sends
     * @param seed        seed of the byte pattern
     * @param receiveSize most bytes per receive
     * @param outstanding receives at sock at once
     * @param bin         width of a metric time bin
     * @param deadline    the run ends, counted as an error, if not done by then
     */
    public record Config(String sock, int port, long bytes, long seed, int receiveSize, int outstanding,
                         Duration bin, Duration deadline) {
        /** Validates the figures, naming the bad one. */
        public Config {
            Objects.requireNonNull(sock, "sock");
            if (port < 1 || port > 65535 || bytes < 0 || receiveSize < 1 || outstanding < 1 || bin.isZero()
                || bin.isNegative() || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("invalid bulk receiver: port=" + port + " bytes=" + bytes
                    + " receiveSize=" + receiveSize + " outstanding=" + outstanding + " bin=" + bin
                    + " deadline=" + deadline);
            }
        }
    }

    /** Checkpointed state: the complete accounting. */
    public static final class State {
        long listenCall;
        int listenerId = -1;
        long acceptCall;
        int connectionId = -1;
        ArrayList<Long> receiveCalls = new ArrayList<>();
        long received;
        long corrupted;
        long firstBadOffset = -1;
        boolean eof;
        boolean complete;
        TreeMap<String, Long> errors = new TreeMap<>();
        long acceptedAt = -1;
        long deadlineAt;
        long binStart;
        long binBytes;
        boolean finished;

        /** @return whether the receiver has written its summary */
        public boolean finished() {
            return finished;
        }
    }

    private record Bin() { }

    private record Deadline() { }

    /** @param cfg the workload's parameters */
    public BulkReceiver(final Config cfg) {
        this.cfg = cfg;
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        if (s.finished) {
            return s;
        }
        if (reason == StartReason.FIRST_START || s.deadlineAt == 0) {
            s.deadlineAt = ctx.now() + cfg.deadline().toNanos();
            s.binStart = ctx.now();
        }
        ctx.setTimer(cfg.bin(), new Bin());
        ctx.setTimer(Duration.ofNanos(Math.max(0, s.deadlineAt - ctx.now())), new Deadline());
        if (s.listenerId < 0 && s.listenCall == 0) {
            s.listenCall = request(ctx, s, new StreamListen(cfg.port(), 1));
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof Bin) {
            metric(ctx, s);
            if (!s.finished) {
                ctx.setTimer(cfg.bin(), new Bin());
            }
            return s;
        }
        if (s.finished) {
            return s;
        }
        if (p instanceof Deadline) {
            fail(ctx, s, "DEADLINE");
        } else if (m.kind() == Kind.REPLY) {
            final long call = m.correlationId();
            if (call == s.listenCall) {
                s.listenCall = 0;
                if (p instanceof StreamListening l) {
                    s.listenerId = l.listenerId();
                    s.acceptCall = request(ctx, s, new StreamAccept(s.listenerId));
                } else {
                    fail(ctx, s, code(p));
                }
            } else if (call == s.acceptCall) {
                s.acceptCall = 0;
                if (p instanceof StreamAccepted a) {
                    s.connectionId = a.connectionId();
                    s.acceptedAt = ctx.now();
                    while (s.receiveCalls.size() < cfg.outstanding() && !s.finished) {
                        receive(ctx, s);
                    }
                } else {
                    fail(ctx, s, code(p));
                }
            } else if (s.receiveCalls.remove(Long.valueOf(call))) {
                received(ctx, s, p);
            }
        }
        return s;
    }

    private void receive(final ServerContext ctx, final State s) {
        final long call = request(ctx, s, new StreamReceive(s.connectionId, cfg.receiveSize()));
        if (call != 0) {
            s.receiveCalls.add(call);
        }
    }

    private void received(final ServerContext ctx, final State s, final Object p) {
        if (!(p instanceof StreamData d)) {
            fail(ctx, s, code(p));
            return;
        }
        if (s.eof) {
            // A receive that was already at sock when the end came: it has nothing more to say.
            return;
        }
        final byte[] data = d.data();
        final long expected = Math.max(0, Math.min(data.length, cfg.bytes() - s.received));
        final int bad = StreamPattern.mismatches(cfg.seed(), s.received, data, 0, (int) expected);
        final long extra = data.length - expected;
        if ((bad > 0 || extra > 0) && s.firstBadOffset < 0) {
            final int at = StreamPattern.firstMismatch(cfg.seed(), s.received, data);
            s.firstBadOffset = s.received + (at >= 0 && at < expected ? at : expected);
        }
        s.corrupted += bad + extra;
        s.received += data.length;
        s.binBytes += data.length;
        if (d.eof()) {
            s.eof = true;
            s.complete = s.received == cfg.bytes();
            release(ctx, s);
            finish(ctx, s);
        } else {
            receive(ctx, s);
        }
    }

    private static String code(final Object p) {
        return p instanceof SocketError err ? err.code() : "UNEXPECTED";
    }

    /** @return the call's id, or 0 (and the run ends) if sock's mailbox was full */
    private long request(final ServerContext ctx, final State s, final Object payload) {
        final OptionalLong id = ctx.request(cfg.sock(), payload);
        if (id.isEmpty()) {
            fail(ctx, s, "NO_BUFFER_SPACE");
            return 0;
        }
        return id.getAsLong();
    }

    /** Closes the connection and the listener; their answers are not waited for. */
    private void release(final ServerContext ctx, final State s) {
        if (s.connectionId >= 0) {
            ctx.request(cfg.sock(), new StreamClose(s.connectionId, !s.eof));
        }
        if (s.listenerId >= 0) {
            ctx.request(cfg.sock(), new StreamClose(s.listenerId, false));
        }
    }

    private void fail(final ServerContext ctx, final State s, final String code) {
        if (s.finished) {
            return;
        }
        s.errors.merge(code, 1L, Long::sum);
        release(ctx, s);
        finish(ctx, s);
    }

    private void metric(final ServerContext ctx, final State s) {
        final long width = Math.max(1, ctx.now() - s.binStart);
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("bytes", s.binBytes);
        f.put("throughputBytesPerSecond", WorkloadEvents.perSecond(s.binBytes, width));
        f.put("totalBytes", s.received);
        f.put("corrupted", s.corrupted);
        WorkloadEvents.metric(ctx, "bulk-receiver", s.binStart, width, f);
        s.binStart = ctx.now();
        s.binBytes = 0;
    }

    private void finish(final ServerContext ctx, final State s) {
        if (s.finished) {
            return;
        }
        metric(ctx, s);
        s.finished = true;
        final long elapsed = s.acceptedAt < 0 ? 0 : ctx.now() - s.acceptedAt;
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("workload", "bulk-receiver");
        f.put("bytesExpected", cfg.bytes());
        f.put("bytesReceived", s.received);
        f.put("bytesCorrupted", s.corrupted);
        f.put("firstBadOffset", s.firstBadOffset);
        f.put("eof", s.eof);
        f.put("complete", s.complete);
        f.put("elapsedNanos", elapsed);
        f.put("throughputBytesPerSecond", WorkloadEvents.perSecond(s.received, elapsed));
        f.put("errorCount", s.errors.values().stream().mapToLong(Long::longValue).sum());
        f.put("errors", new TreeMap<>(s.errors));
        WorkloadEvents.summary(ctx, f);
    }
}
