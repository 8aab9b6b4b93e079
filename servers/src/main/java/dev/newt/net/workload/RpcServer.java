package dev.newt.net.workload;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.stats.Counters;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rpc workload's server: listens on a port in every replica of its host's stack
 * ({@link ReplicaListeners}), accepts any number of
 * connections, and answers every request ({@link RpcFrames}) on each with its response, checking
 * the request's bytes as it goes. A connection ends when the client closes it (the server closes
 * its side too) or on an error (reset). A request header that makes no sense resets its
 * connection. A replica's listener that fails (its tcp lost it) is replaced after
 * {@link ReplicaListeners#RELISTEN}, the other replicas accepting meanwhile. Writes
 * a metric event per time bin: requests served, corrupted, connections.
 */
public final class RpcServer implements Server<RpcServer.State> {
    /** Most bytes one receive asks for. */
    public static final int RECEIVE_SIZE = 64 * 1024;

    private final Config cfg;
    private final ReplicaListeners listeners;

    /**
     * @param socks   the sock server of every replica of the host's stack, replica 0 first
     * @param port    the port to listen on
     * @param backlog most connections established and not yet accepted, per replica
     * @param bin     width of a metric time bin
     */
    public record Config(List<String> socks, int port, int backlog, Duration bin) {
        /** Validates the figures, naming the bad one. */
        public Config {
            socks = List.copyOf(Objects.requireNonNull(socks, "socks"));
            if (socks.isEmpty() || port < 1 || port > 65535 || backlog < 1 || bin.isZero() || bin.isNegative()) {
                throw new IllegalArgumentException("invalid rpc server: socks=" + socks + " port=" + port
                    + " backlog=" + backlog + " bin=" + bin);
            }
        }

        /** A server of a host of one replica, or of one replica only: listens at {@code sock}. */
        public Config(final String sock, final int port, final int backlog, final Duration bin) {
            this(List.of(Objects.requireNonNull(sock, "sock")), port, backlog, bin);
        }
    }

    /** One accepted connection: the bytes of a request not yet complete. */
    public static final class Conn {
        /** Its key ({@link ReplicaListeners#key}: its replica and sock's id). */
        int id;
        byte[] pending = new byte[0];
        long served;
        /** Bytes of responses handed to sock: the offset of the next send. */
        long sent;
    }

    /** Checkpointed state. */
    public static final class State {
        ReplicaListeners.State listeners = new ReplicaListeners.State();
        /** Open connections by key. */
        TreeMap<Integer, Conn> conns = new TreeMap<>();
        /** Receive calls at sock, to the connection they read. */
        TreeMap<Long, Integer> receives = new TreeMap<>();
        long served;
        long corrupted;
        long badRequests;
        Counters errors = new Counters();
        WorkloadClock clock = new WorkloadClock();
        long binServed;
    }

    /** @param cfg the server's parameters */
    public RpcServer(final Config cfg) {
        this.cfg = cfg;
        this.listeners = new ReplicaListeners(cfg.socks(), cfg.port(), cfg.backlog());
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        ctx.setTimer(cfg.bin(), new WorkloadClock.Bin());
        listeners.listen(ctx, s.listeners);
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof WorkloadClock.Bin) {
            metric(ctx, s);
            ctx.setTimer(cfg.bin(), new WorkloadClock.Bin());
        } else if (p instanceof ReplicaListeners.Relisten) {
            listeners.listen(ctx, s.listeners);
        } else if (m.kind() == Kind.REPLY) {
            final long call = m.correlationId();
            if (p instanceof SocketError err) {
                s.errors.count(err.code());
            }
            if (listeners.owns(s.listeners, m)) {
                listeners.onReply(ctx, s.listeners, m, key -> {
                    final Conn c = new Conn();
                    c.id = key;
                    s.conns.put(c.id, c);
                    receive(ctx, s, c);
                });
            } else if (s.receives.containsKey(call)) {
                final Conn c = s.conns.get(s.receives.remove(call));
                if (c != null) {
                    received(ctx, s, c, p);
                }
            }
        }
        return s;
    }

    private void receive(final ServerContext ctx, final State s, final Conn c) {
        ctx.request(listeners.sock(c.id), new StreamReceive(ReplicaListeners.connection(c.id), RECEIVE_SIZE)).ifPresent(call -> s.receives.put(call, c.id));
    }

    private void received(final ServerContext ctx, final State s, final Conn c, final Object p) {
        if (!(p instanceof StreamData d)) {
            drop(ctx, s, c, true);
            return;
        }
        byte[] buf = c.pending;
        if (d.data().length > 0) {
            buf = Arrays.copyOf(c.pending, c.pending.length + d.data().length);
            System.arraycopy(d.data(), 0, buf, c.pending.length, d.data().length);
        }
        int at = 0;
        while (buf.length - at >= RpcFrames.REQUEST_HEADER) {
            final ByteBuffer h = ByteBuffer.wrap(buf, at, RpcFrames.REQUEST_HEADER);
            final long id = h.getLong();
            final int length = h.getInt();
            final int responseLength = h.getInt();
            if (!RpcFrames.validHeader(length, responseLength)) {
                s.badRequests++;
                drop(ctx, s, c, true);
                return;
            }
            if (buf.length - at < length) {
                break;
            }
            if (!RpcFrames.requestIntact(buf, at, id, length)) {
                s.corrupted++;
            }
            final byte[] response = RpcFrames.response(id, responseLength);
            if (ctx.request(listeners.sock(c.id), new StreamSend(ReplicaListeners.connection(c.id), response, c.sent)).isEmpty()) {
                // sock's mailbox is full: a response skipped would leave a hole in the stream.
                drop(ctx, s, c, true);
                return;
            }
            c.sent += response.length;
            c.served++;
            s.served++;
            s.binServed++;
            at += length;
        }
        c.pending = Arrays.copyOfRange(buf, at, buf.length);
        if (d.eof()) {
            drop(ctx, s, c, false);
        } else {
            receive(ctx, s, c);
        }
    }

    /** Closes a connection (gracefully after the client's end, or with a reset) and forgets it. */
    private void drop(final ServerContext ctx, final State s, final Conn c, final boolean reset) {
        ctx.request(listeners.sock(c.id), new StreamClose(ReplicaListeners.connection(c.id), reset));
        s.conns.remove(c.id);
    }

    private void metric(final ServerContext ctx, final State s) {
        s.clock.endBin(ctx, "rpc-server", width -> binFigures(s, width));
        s.binServed = 0;
    }

    private static Map<String, Object> binFigures(final State s, final long width) {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("served", s.binServed);
        f.put("ratePerSecond", WorkloadEvents.perSecond(s.binServed, width));
        f.put("totalServed", s.served);
        f.put("corrupted", s.corrupted);
        f.put("badRequests", s.badRequests);
        f.put("connections", (long) s.conns.size());
        f.put("accepted", s.listeners.accepted());
        f.put("relistens", s.listeners.relistens());
        f.put("errors", new TreeMap<>(s.errors));
        return f;
    }
}
