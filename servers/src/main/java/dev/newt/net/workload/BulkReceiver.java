package dev.newt.net.workload;

import dev.newt.core.server.ServerContext;
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
public final class BulkReceiver extends StreamClient<BulkReceiver.State> {
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
    public static final class State extends StreamClient.State {
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
        long acceptedAt = -1;
        long binBytes;
    }

    /** @param cfg the workload's parameters */
    public BulkReceiver(final Config cfg) {
        super("bulk-receiver", cfg.sock(), cfg.bin(), cfg.deadline());
        this.cfg = cfg;
    }

    @Override
    void resume(final ServerContext ctx, final State s) {
        if (s.listenerId < 0 && s.listenCall == 0) {
            s.listenCall = request(ctx, s, new StreamListen(cfg.port(), 1));
        }
    }

    @Override
    void deadline(final ServerContext ctx, final State s) {
        fail(ctx, s, "DEADLINE");
    }

    @Override
    void reply(final ServerContext ctx, final State s, final long call, final Object p) {
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
                while (s.receiveCalls.size() < cfg.outstanding() && !s.finished()) {
                    receive(ctx, s);
                }
            } else {
                fail(ctx, s, code(p));
            }
        } else if (s.receiveCalls.remove(Long.valueOf(call))) {
            received(ctx, s, p);
        }
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

    /** Closes the connection and the listener; their answers are not waited for. */
    private void release(final ServerContext ctx, final State s) {
        if (s.connectionId >= 0) {
            tell(ctx, new StreamClose(s.connectionId, !s.eof));
        }
        if (s.listenerId >= 0) {
            tell(ctx, new StreamClose(s.listenerId, false));
        }
    }

    @Override
    void fail(final ServerContext ctx, final State s, final String code) {
        if (s.finished()) {
            return;
        }
        s.errors.count(code);
        release(ctx, s);
        finish(ctx, s);
    }

    @Override
    Map<String, Object> binFigures(final State s, final long width) {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("bytes", s.binBytes);
        f.put("throughputBytesPerSecond", WorkloadEvents.perSecond(s.binBytes, width));
        f.put("totalBytes", s.received);
        f.put("corrupted", s.corrupted);
        return f;
    }

    @Override
    void clearBin(final State s) {
        s.binBytes = 0;
    }

    @Override
    void summaryFigures(final ServerContext ctx, final State s, final Map<String, Object> f) {
        final long elapsed = s.acceptedAt < 0 ? 0 : ctx.now() - s.acceptedAt;
        f.put("bytesExpected", cfg.bytes());
        f.put("bytesReceived", s.received);
        f.put("bytesCorrupted", s.corrupted);
        f.put("firstBadOffset", s.firstBadOffset);
        f.put("eof", s.eof);
        f.put("complete", s.complete);
        f.put("elapsedNanos", elapsed);
        f.put("throughputBytesPerSecond", WorkloadEvents.perSecond(s.received, elapsed));
    }
}
