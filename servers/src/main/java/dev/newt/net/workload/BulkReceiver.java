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
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bulk workload's receiver: listens on a port in every replica of its host's stack (the
 * connection lands in the replica its flow hashes to), accepts one connection (a second one, in
 * another replica, is reset), and checks every byte it receives against the seeded {@link StreamPattern} at its
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
    private final ReplicaListeners listeners;

    /**
     * @param socks       the sock server of every replica of the host's stack, replica 0 first
     * @param port        the port to listen on
     * @param bytes       how many bytes the sender sends
     * @param seed        seed of the byte pattern
     * @param receiveSize most bytes per receive
     * @param outstanding receives at sock at once
     * @param bin         width of a metric time bin
     * @param deadline    the run ends, counted as an error, if not done by then
     */
    public record Config(List<String> socks, int port, long bytes, long seed, int receiveSize, int outstanding,
                         Duration bin, Duration deadline) {
        /** Validates the figures, naming the bad one. */
        public Config {
            socks = List.copyOf(Objects.requireNonNull(socks, "socks"));
            if (socks.isEmpty() || port < 1 || port > 65535 || bytes < 0 || receiveSize < 1 || outstanding < 1 || bin.isZero()
                || bin.isNegative() || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("invalid bulk receiver: port=" + port + " bytes=" + bytes
                    + " receiveSize=" + receiveSize + " outstanding=" + outstanding + " bin=" + bin
                    + " deadline=" + deadline + " socks=" + socks);
            }
        }

        /** A receiver on a host of one replica, or in one replica only: listens at {@code sock}. */
        public Config(final String sock, final int port, final long bytes, final long seed, final int receiveSize,
                      final int outstanding, final Duration bin, final Duration deadline) {
            this(List.of(Objects.requireNonNull(sock, "sock")), port, bytes, seed, receiveSize, outstanding, bin,
                deadline);
        }
    }

    /** Checkpointed state: the complete accounting. */
    public static final class State extends StreamClient.State {
        /** The listen and accept at each replica's sock. */
        ReplicaListeners.State listeners = new ReplicaListeners.State();
        /** The connection's key ({@link ReplicaListeners#key}), or -1. */
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
        super("bulk-receiver", cfg.socks().get(0), cfg.bin(), cfg.deadline());
        this.cfg = cfg;
        this.listeners = new ReplicaListeners(cfg.socks(), cfg.port(), 1);
    }

    @Override
    void resume(final ServerContext ctx, final State s) {
        while (s.listeners.replicas.size() < cfg.socks().size()) {
            s.listeners.replicas.add(new ReplicaListeners.Listener());
        }
        for (int r = 0; r < cfg.socks().size() && !s.finished(); r++) {
            final ReplicaListeners.Listener l = s.listeners.replicas.get(r);
            if (l.listenerId < 0 && l.listenCall == 0 && s.connectionId < 0) {
                l.listenCall = request(ctx, s, cfg.socks().get(r), new StreamListen(cfg.port(), 1));
            }
        }
    }

    /** @return the replica whose listen or accept {@code call} is, or -1 */
    private static int replicaOf(final State s, final long call) {
        for (int r = 0; r < s.listeners.replicas.size(); r++) {
            final ReplicaListeners.Listener l = s.listeners.replicas.get(r);
            if (call == l.listenCall || call == l.acceptCall) {
                return r;
            }
        }
        return -1;
    }

    @Override
    void deadline(final ServerContext ctx, final State s) {
        fail(ctx, s, "DEADLINE");
    }

    @Override
    void reply(final ServerContext ctx, final State s, final long call, final Object p) {
        final int r = call == 0 ? -1 : replicaOf(s, call);
        if (r >= 0) {
            listenerReply(ctx, s, r, call, p);
        } else if (s.receiveCalls.remove(Long.valueOf(call))) {
            received(ctx, s, p);
        }
    }

    /**
     * A replica's listen or accept answered. Before the connection, a failure ends the run (as with
     * one replica); after it, another replica's listener is of no more use and its failure is not
     * the run's, and a second connection is reset.
     */
    private void listenerReply(final ServerContext ctx, final State s, final int r, final long call,
                               final Object p) {
        final ReplicaListeners.Listener l = s.listeners.replicas.get(r);
        final String sock = cfg.socks().get(r);
        if (call == l.listenCall) {
            l.listenCall = 0;
            if (p instanceof StreamListening listening) {
                l.listenerId = listening.listenerId();
                l.acceptCall = request(ctx, s, sock, new StreamAccept(l.listenerId));
            } else if (s.connectionId < 0) {
                fail(ctx, s, code(p));
            }
            return;
        }
        l.acceptCall = 0;
        if (p instanceof StreamAccepted a) {
            if (s.connectionId >= 0) {
                tell(ctx, sock, new StreamClose(a.connectionId(), true));
                return;
            }
            s.listeners.accepted++;
            s.connectionId = ReplicaListeners.key(r, a.connectionId());
            s.acceptedAt = ctx.now();
            while (s.receiveCalls.size() < cfg.outstanding() && !s.finished()) {
                receive(ctx, s);
            }
        } else if (s.connectionId < 0) {
            fail(ctx, s, code(p));
        }
    }

    private void receive(final ServerContext ctx, final State s) {
        final long call = request(ctx, s, listeners.sock(s.connectionId),
            new StreamReceive(ReplicaListeners.connection(s.connectionId), cfg.receiveSize()));
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
            tell(ctx, listeners.sock(s.connectionId),
                new StreamClose(ReplicaListeners.connection(s.connectionId), !s.eof));
        }
        listeners.close(ctx, s.listeners);
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
