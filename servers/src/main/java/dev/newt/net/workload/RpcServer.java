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
import dev.newt.net.msg.StreamSend;
import dev.newt.net.stats.Counters;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rpc workload's server: listens on a port through its host's sock, accepts any number of
 * connections, and answers every request ({@link RpcFrames}) on each with its response, checking
 * the request's bytes as it goes. A connection ends when the client closes it (the server closes
 * its side too) or on an error (reset). A request header that makes no sense resets its
 * connection. A listener that fails (its tcp lost it) is replaced after {@link #RELISTEN}. Writes
 * a metric event per time bin: requests served, corrupted, connections.
 */
public final class RpcServer implements Server<RpcServer.State> {
    /** Most bytes one receive asks for. */
    public static final int RECEIVE_SIZE = 64 * 1024;

    private final Config cfg;

    /**
     * @param sock    the host's sock server
     * @param port    the port to listen on
     * @param backlog most connections established and not yet accepted
     * @param bin     width of a metric time bin
     */
    public record Config(String sock, int port, int backlog, Duration bin) {
        /** Validates the figures, naming the bad one. */
        public Config {
            Objects.requireNonNull(sock, "sock");
            if (port < 1 || port > 65535 || backlog < 1 || bin.isZero() || bin.isNegative()) {
                throw new IllegalArgumentException("invalid rpc server: port=" + port + " backlog=" + backlog
                    + " bin=" + bin);
            }
        }
    }

    /** One accepted connection: the bytes of a request not yet complete. */
    public static final class Conn {
        int id;
        byte[] pending = new byte[0];
        long served;
        /** Bytes of responses handed to sock: the offset of the next send. */
        long sent;
    }

    /** Checkpointed state. */
    public static final class State {
        long listenCall;
        int listenerId = -1;
        long acceptCall;
        TreeMap<Integer, Conn> conns = new TreeMap<>();
        /** Receive calls at sock, to the connection they read. */
        TreeMap<Long, Integer> receives = new TreeMap<>();
        long accepted;
        long served;
        long corrupted;
        long badRequests;
        long relistens;
        Counters errors = new Counters();
        WorkloadClock clock = new WorkloadClock();
        long binServed;
    }

    private record Relisten() { }

    /** Wait before listening again after the listener was lost or refused. */
    public static final Duration RELISTEN = Duration.ofMillis(10);

    /** @param cfg the server's parameters */
    public RpcServer(final Config cfg) {
        this.cfg = cfg;
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        ctx.setTimer(cfg.bin(), new WorkloadClock.Bin());
        listen(ctx, s);
        return s;
    }

    private void listen(final ServerContext ctx, final State s) {
        if (s.listenerId < 0 && s.listenCall == 0) {
            s.listenCall = ctx.request(cfg.sock(), new StreamListen(cfg.port(), cfg.backlog())).orElse(0);
        }
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof WorkloadClock.Bin) {
            metric(ctx, s);
            ctx.setTimer(cfg.bin(), new WorkloadClock.Bin());
        } else if (p instanceof Relisten) {
            listen(ctx, s);
        } else if (m.kind() == Kind.REPLY) {
            final long call = m.correlationId();
            if (p instanceof SocketError err) {
                s.errors.count(err.code());
            }
            if (call == s.listenCall) {
                s.listenCall = 0;
                if (p instanceof StreamListening l) {
                    s.listenerId = l.listenerId();
                    accept(ctx, s);
                } else {
                    ctx.setTimer(RELISTEN, new Relisten());
                }
            } else if (call == s.acceptCall) {
                s.acceptCall = 0;
                if (p instanceof StreamAccepted a) {
                    final Conn c = new Conn();
                    c.id = a.connectionId();
                    s.conns.put(c.id, c);
                    s.accepted++;
                    receive(ctx, s, c);
                    accept(ctx, s);
                } else {
                    // The listener is gone (a tcp that lost its state) or failing: listen anew, later.
                    ctx.request(cfg.sock(), new StreamClose(s.listenerId, false));
                    s.listenerId = -1;
                    s.relistens++;
                    ctx.setTimer(RELISTEN, new Relisten());
                }
            } else if (s.receives.containsKey(call)) {
                final Conn c = s.conns.get(s.receives.remove(call));
                if (c != null) {
                    received(ctx, s, c, p);
                }
            }
        }
        return s;
    }

    private void accept(final ServerContext ctx, final State s) {
        s.acceptCall = ctx.request(cfg.sock(), new StreamAccept(s.listenerId)).orElse(0);
    }

    private void receive(final ServerContext ctx, final State s, final Conn c) {
        ctx.request(cfg.sock(), new StreamReceive(c.id, RECEIVE_SIZE)).ifPresent(call -> s.receives.put(call, c.id));
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
            if (ctx.request(cfg.sock(), new StreamSend(c.id, response, c.sent)).isEmpty()) {
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
        ctx.request(cfg.sock(), new StreamClose(c.id, reset));
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
        f.put("accepted", s.accepted);
        f.put("relistens", s.relistens);
        f.put("errors", new TreeMap<>(s.errors));
        return f;
    }
}
