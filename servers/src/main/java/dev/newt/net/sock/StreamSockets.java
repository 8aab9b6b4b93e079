package dev.newt.net.sock;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.ServerContext;
import dev.newt.net.host.HostConfig;
import dev.newt.net.host.HostNames;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.msg.StreamShutdown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The stream half of sock: it relays the applications' {@code Stream*} requests to the host's tcp
 * as requests of its own, relays tcp's answers back, and keeps who owns which connection and
 * listener. One object per incarnation; everything that must survive lives in
 * {@link SockServer.State}.
 *
 * <p>Ordering. The sends (with shutdown and graceful close) of a connection go to tcp one at a
 * time, and so do its receives: the next waits in sock's state until tcp has answered the one
 * before. A tcp that restarts gets the request it took and never answered again from sock (the
 * runtime's {@code PeerRestarted}); if several were at tcp, a later one still in tcp's mailbox
 * could be served before the resubmitted one, and bytes would change order. One at a time per
 * lane rules that out whatever tcp's recovery does.
 *
 * <p>Duplicates. An application whose request sock took before it restarted resubmits it; sock
 * knows it by its {@link ReplyTo} (in a lane or at tcp) and does not relay it twice.
 *
 * <p>Counters: {@code stream.listens}, {@code stream.connects}, {@code stream.accepts},
 * {@code stream.sends}, {@code stream.bytes.out}, {@code stream.receives}, {@code stream.bytes.in},
 * {@code stream.eof}, {@code stream.shutdowns}, {@code stream.closes}, {@code stream.error.<CODE>}
 * (errors tcp answered), {@code bad-socket}, {@code no-route}, {@code tcp.busy} (tcp's mailbox
 * was full; a lane retries after {@link #RETRY}), {@code tcp.restarts} (restarts of tcp that had taken requests of sock), {@code tcp.resubmitted},
 * {@code tcp.orphan-reply}, {@code tcp.stale-handle} (tcp gave an id sock still held: tcp lost
 * its state), {@code tcp.forgot} (tcp answered {@code BAD_SOCKET} for a handle sock held: sock
 * releases it too), and, computed, {@code connections}, {@code listeners}, {@code tcp.calls}.
 */
final class StreamSockets {
    /** How long a lane waits before trying a full tcp mailbox again. */
    static final Duration RETRY = Duration.ofMillis(1);

    /** The timer that pumps the lanes again after tcp's mailbox was full. */
    record RetryLanes() {
    }

    private final HostConfig config;
    private final String tcp;
    /** Whether a {@link RetryLanes} timer is armed in this incarnation. */
    private boolean retryArmed;

    /** @param config the host */
    StreamSockets(final HostConfig config) {
        this.config = config;
        this.tcp = config.server(HostNames.TCP);
    }

    /** @return the tcp server's name */
    String tcp() {
        return tcp;
    }

    /** Re-arms the retry timer after a restart if a lane is stuck. */
    void onStart(final ServerContext ctx, final SockServer.State s) {
        retryArmed = false;
        for (StreamHandle h : s.streams.values()) {
            if ((h.sendAtTcp == 0 && !h.sends.isEmpty()) || (h.receiveAtTcp == 0 && !h.receives.isEmpty())) {
                armRetry(ctx);
                return;
            }
        }
    }

    // ---- requests from applications ----

    /**
     * @param ctx the incarnation's context
     * @param s   the state
     * @param m   a request envelope
     * @return whether it was a stream request (handled)
     */
    boolean request(final ServerContext ctx, final SockServer.State s, final Envelope m) {
        final Object p = m.payload();
        final StreamOp op = StreamOp.of(p);
        if (op == null) {
            return false;
        }
        final ReplyTo app = ctx.replyTo(m);
        if (known(s, app)) {
            s.counters.count("duplicate-request");
            return true;
        }
        if (p instanceof StreamListen l) {
            listen(ctx, s, app, l);
        } else if (p instanceof StreamConnect c) {
            connect(ctx, s, app, c);
        } else if (p instanceof StreamAccept a) {
            final StreamHandle h = handleOf(ctx, s, m, a.listenerId(), true);
            if (h != null) {
                relay(ctx, s, new TcpRelay(app, StreamOp.ACCEPT, h.id, 0, 0), p);
            }
        } else if (p instanceof StreamSend d) {
            final StreamHandle h = handleOf(ctx, s, m, d.connectionId(), false);
            if (h != null && d.data() == null) {
                invalid(ctx, app, h.describe() + ": send without data");
            } else if (h != null) {
                final StreamCall call = new StreamCall(app, StreamOp.SEND, h.id, d.data(), 0);
                call.offset = d.offset();
                orderSend(ctx, s, h, call);
            }
        } else if (p instanceof StreamReceive r) {
            final StreamHandle h = handleOf(ctx, s, m, r.connectionId(), false);
            if (h != null && r.max() < 1) {
                invalid(ctx, app, h.describe() + ": receive of at most " + r.max() + " bytes");
            } else if (h != null) {
                enqueue(ctx, s, h, new StreamCall(app, StreamOp.RECEIVE, h.id, null, r.max()));
            }
        } else if (p instanceof StreamShutdown sd) {
            final StreamHandle h = handleOf(ctx, s, m, sd.connectionId(), false);
            if (h != null) {
                orderSend(ctx, s, h, new StreamCall(app, StreamOp.SHUTDOWN, h.id, null, 0));
            }
        } else if (p instanceof StreamClose c) {
            close(ctx, s, m, app, c);
        }
        return true;
    }

    /** @return whether a request with this reply address is already waiting in a lane or at tcp */
    private static boolean known(final SockServer.State s, final ReplyTo app) {
        for (TcpRelay r : s.relays.values()) {
            if (r.app.equals(app)) {
                return true;
            }
        }
        for (StreamHandle h : s.streams.values()) {
            for (StreamCall c : h.sends) {
                if (c.app.equals(app)) {
                    return true;
                }
            }
            for (StreamCall c : h.early) {
                if (c.app.equals(app)) {
                    return true;
                }
            }
            for (StreamCall c : h.receives) {
                if (c.app.equals(app)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void listen(final ServerContext ctx, final SockServer.State s, final ReplyTo app, final StreamListen l) {
        if (l.port() < 1 || l.port() > 0xFFFF || l.backlog() < 0) {
            invalid(ctx, app, "listen on port " + l.port() + " with backlog " + l.backlog()
                + ": the port must be 1..65535 and the backlog >= 0");
            return;
        }
        relay(ctx, s, new TcpRelay(app, StreamOp.LISTEN, 0, 0, l.port()), l);
    }

    private void connect(final ServerContext ctx, final SockServer.State s, final ReplyTo app,
                         final StreamConnect c) {
        if (c.remote() == null || c.remotePort() < 1 || c.remotePort() > 0xFFFF || c.localPort() < 0
            || c.localPort() > 0xFFFF) {
            invalid(ctx, app, "connect to " + c.remote() + ":" + c.remotePort() + " from port " + c.localPort()
                + ": the address is required, the remote port must be 1..65535 and the local one 0..65535");
            return;
        }
        relay(ctx, s, new TcpRelay(app, StreamOp.CONNECT, 0, c.remote().bits(), c.remotePort()), c);
    }

    private void close(final ServerContext ctx, final SockServer.State s, final Envelope m, final ReplyTo app,
                       final StreamClose c) {
        final StreamHandle h = handleOf(ctx, s, m, c.id(), null);
        if (h == null) {
            return;
        }
        if (h.listener || c.abort()) {
            h.closing = true;
            // A reset drops what waits: requests not yet at tcp fail here, tcp fails the ones it holds.
            failQueued(ctx, h, "CLOSED", h.describe() + " was reset by its owner");
            relay(ctx, s, new TcpRelay(app, StreamOp.ABORT, h.id, 0, 0), c);
        } else {
            orderSend(ctx, s, h, new StreamCall(app, StreamOp.CLOSE, h.id, null, 0));
        }
    }

    /**
     * Takes a send-lane request in stream order: a numbered send joins the lane when its offset is
     * the next one, waits in {@link StreamHandle#early} when it is ahead, and is refused when its
     * bytes were already taken; a shutdown or close waits behind every early send.
     */
    private void orderSend(final ServerContext ctx, final SockServer.State s, final StreamHandle h,
                           final StreamCall call) {
        if (call.op == StreamOp.SEND && call.offset != StreamSend.UNORDERED && call.offset < h.sendOffset) {
            invalid(ctx, call.app, h.describe() + ": send at offset " + call.offset + ", but the bytes up to "
                + h.sendOffset + " were already sent");
            return;
        }
        final boolean ahead = call.op == StreamOp.SEND ? call.offset > h.sendOffset : !h.early.isEmpty();
        if (ahead) {
            s.counters.count("stream.early");
            int at = h.early.size();
            while (call.op == StreamOp.SEND && at > 0 && (h.early.get(at - 1).op != StreamOp.SEND
                || h.early.get(at - 1).offset > call.offset)) {
                at--;
            }
            h.early.add(at, call);
            return;
        }
        take(h, call);
        while (!h.early.isEmpty() && (h.early.get(0).op != StreamOp.SEND || h.early.get(0).offset == h.sendOffset)) {
            take(h, h.early.remove(0));
        }
        pump(ctx, s, h);
    }

    private static void take(final StreamHandle h, final StreamCall call) {
        if (call.op == StreamOp.SEND) {
            h.sendOffset += call.data.length;
        } else if (call.op == StreamOp.CLOSE) {
            // Closing from the moment the close takes its place in the lane: sends that were
            // missing before it (resubmitted after a restart) are still let in ahead of it.
            h.closing = true;
        }
        h.sends.add(call);
    }

    /**
     * @param wantListener true for a listener, false for a connection, null for either
     * @return the requester's live handle, or null after answering {@code BAD_SOCKET} or {@code CLOSED}
     */
    private StreamHandle handleOf(final ServerContext ctx, final SockServer.State s, final Envelope m, final int id,
                                  final Boolean wantListener) {
        final StreamHandle h = s.streams.get(id);
        if (h == null || !h.owner.equals(m.from()) || (wantListener != null && h.listener != wantListener)) {
            s.counters.count("bad-socket");
            final String kind = wantListener == null ? "connection or listener" : wantListener ? "listener"
                : "connection";
            ctx.reply(m, new SocketError("BAD_SOCKET", "no " + kind + " " + id + " of " + m.from() + " on "
                + config.name()));
            return null;
        }
        if (h.closing) {
            ctx.reply(m, new SocketError("CLOSED", h.describe() + " on " + config.name() + " is closing"));
            return null;
        }
        return h;
    }

    private static void invalid(final ServerContext ctx, final ReplyTo app, final String what) {
        ctx.reply(app, new SocketError("INVALID_ARGUMENT", what));
    }

    // ---- lanes ----

    private void enqueue(final ServerContext ctx, final SockServer.State s, final StreamHandle h,
                         final StreamCall call) {
        (call.op.lane() == StreamOp.Lane.RECEIVE ? h.receives : h.sends).add(call);
        pump(ctx, s, h);
    }

    /** Sends the next request of each idle lane of {@code h} to tcp. */
    private void pump(final ServerContext ctx, final SockServer.State s, final StreamHandle h) {
        if (h.sendAtTcp == 0 && !h.sends.isEmpty()) {
            h.sendAtTcp = relayLane(ctx, s, h, h.sends);
        }
        if (h.receiveAtTcp == 0 && !h.receives.isEmpty()) {
            h.receiveAtTcp = relayLane(ctx, s, h, h.receives);
        }
    }

    /** @return the correlation id of the lane's head now at tcp, or 0 if it stays queued or failed */
    private long relayLane(final ServerContext ctx, final SockServer.State s, final StreamHandle h,
                           final List<StreamCall> lane) {
        final StreamCall call = lane.get(0);
        final OptionalLong id;
        try {
            id = ctx.request(tcp, call.toRequest());
        } catch (IllegalArgumentException e) {
            noRoute(ctx, s, call.app);
            lane.remove(0);
            // Every later request of the lane meets the same missing tcp.
            while (!lane.isEmpty()) {
                noRoute(ctx, s, lane.remove(0).app);
            }
            return 0;
        }
        if (id.isEmpty()) {
            s.counters.count("tcp.busy");
            armRetry(ctx);
            return 0;
        }
        lane.remove(0);
        s.relays.put(id.getAsLong(), new TcpRelay(call.app, call.op, h.id, 0, 0));
        return id.getAsLong();
    }

    /** Relays a request that waits in no lane; answers the application at once if tcp is unreachable. */
    private void relay(final ServerContext ctx, final SockServer.State s, final TcpRelay r, final Object request) {
        final OptionalLong id;
        try {
            id = ctx.request(tcp, request);
        } catch (IllegalArgumentException e) {
            noRoute(ctx, s, r.app);
            return;
        }
        if (id.isEmpty()) {
            s.counters.count("tcp.busy");
            ctx.reply(r.app, new SocketError("NO_BUFFER_SPACE", "cannot reach " + tcp + ": its mailbox is full"));
            return;
        }
        s.relays.put(id.getAsLong(), r);
    }

    private void noRoute(final ServerContext ctx, final SockServer.State s, final ReplyTo app) {
        s.counters.count("no-route");
        ctx.reply(app, new SocketError("NO_ROUTE", "host " + config.name() + " has no TCP: there is no server '"
            + tcp + "' in this runtime"));
    }

    private void armRetry(final ServerContext ctx) {
        if (!retryArmed && !ctx.replaying()) {
            retryArmed = true;
            ctx.setTimer(RETRY, new RetryLanes());
        }
    }

    /** The retry timer fired: pump every lane again. */
    void retry(final ServerContext ctx, final SockServer.State s) {
        retryArmed = false;
        for (StreamHandle h : List.copyOf(s.streams.values())) {
            pump(ctx, s, h);
        }
    }

    private static void failQueued(final ServerContext ctx, final StreamHandle h, final String code,
                                   final String message) {
        for (StreamCall c : h.sends) {
            ctx.reply(c.app, new SocketError(code, message));
        }
        for (StreamCall c : h.receives) {
            ctx.reply(c.app, new SocketError(code, message));
        }
        for (StreamCall c : h.early) {
            ctx.reply(c.app, new SocketError(code, message));
        }
        h.sends.clear();
        h.receives.clear();
        h.early.clear();
    }

    // ---- answers from tcp ----

    /**
     * @param ctx the incarnation's context
     * @param s   the state
     * @param m   a reply envelope
     * @return whether it answered a relayed stream request (handled)
     */
    boolean reply(final ServerContext ctx, final SockServer.State s, final Envelope m) {
        final TcpRelay r = s.relays.remove(m.correlationId());
        if (r == null) {
            if (!m.from().equals(tcp)) {
                return false;
            }
            // An answer to a request this sock's state does not hold: its incarnation died in the
            // handler that made it. Nobody waits for it.
            s.counters.count("tcp.orphan-reply");
            return true;
        }
        final Object p = m.payload();
        if (p instanceof SocketError err) {
            s.counters.count("stream.error." + err.code());
        }
        final StreamHandle h = r.id == 0 ? null : s.streams.get(r.id);
        if (h != null && p instanceof SocketError err && err.code().equals("BAD_SOCKET")) {
            // tcp no longer knows the id (it restarted without its state): neither does sock now.
            s.counters.count("tcp.forgot");
            s.streams.remove(h.id);
            failQueued(ctx, h, "BAD_SOCKET", h.describe() + " on " + config.name() + " is gone: " + err.message());
        }
        switch (r.op) {
            case LISTEN:
                if (p instanceof StreamListening l) {
                    adopt(s, new StreamHandle(l.listenerId(), true, r.app.requester(), l.port(), 0, 0));
                    s.counters.count("stream.listens");
                }
                break;
            case CONNECT:
                if (p instanceof StreamConnected c) {
                    adopt(s, new StreamHandle(c.connectionId(), false, r.app.requester(), c.localPort(), r.remote,
                        r.port));
                    s.counters.count("stream.connects");
                }
                break;
            case ACCEPT:
                if (p instanceof StreamAccepted a) {
                    adopt(s, new StreamHandle(a.connectionId(), false, r.app.requester(), a.localPort(),
                        a.remote() == null ? 0 : a.remote().bits(), a.remotePort()));
                    s.counters.count("stream.accepts");
                }
                break;
            case SEND:
                if (p instanceof StreamSent sent) {
                    s.counters.count("stream.sends");
                    s.counters.add("stream.bytes.out", sent.bytes());
                }
                laneAnswered(ctx, s, h, m.correlationId(), true);
                break;
            case SHUTDOWN:
                s.counters.count("stream.shutdowns");
                laneAnswered(ctx, s, h, m.correlationId(), true);
                break;
            case RECEIVE:
                if (p instanceof StreamData d) {
                    s.counters.count("stream.receives");
                    s.counters.add("stream.bytes.in", d.data() == null ? 0 : d.data().length);
                    if (d.eof()) {
                        s.counters.count("stream.eof");
                    }
                }
                laneAnswered(ctx, s, h, m.correlationId(), false);
                break;
            case CLOSE:
            case ABORT:
                // Whatever tcp says (closed, or it no longer knows the id), the handle is gone.
                s.counters.count("stream.closes");
                if (h != null) {
                    s.streams.remove(h.id);
                    failQueued(ctx, h, "CLOSED", h.describe() + " was closed");
                }
                break;
            default:
                break;
        }
        ctx.reply(r.app, p);
        return true;
    }

    /** A tcp id sock still holds belongs to a connection a fresh tcp forgot: the new one wins. */
    private static void adopt(final SockServer.State s, final StreamHandle h) {
        if (s.streams.put(h.id, h) != null) {
            s.counters.count("tcp.stale-handle");
        }
    }

    private void laneAnswered(final ServerContext ctx, final SockServer.State s, final StreamHandle h,
                              final long correlationId, final boolean sendLane) {
        if (h == null) {
            return;
        }
        if (sendLane && h.sendAtTcp == correlationId) {
            h.sendAtTcp = 0;
        } else if (!sendLane && h.receiveAtTcp == correlationId) {
            h.receiveAtTcp = 0;
        }
        pump(ctx, s, h);
    }

    // ---- tcp restarted ----

    /**
     * tcp restarted: the requests it took and never answered go to the new incarnation, under the
     * same correlation ids, so the relays filed under them still hold.
     *
     * @param ctx     the incarnation's context
     * @param s       the state
     * @param pending the requests to tcp the dead incarnation took
     */
    void tcpRestarted(final ServerContext ctx, final SockServer.State s, final List<PendingRequest> pending) {
        s.counters.count("tcp.restarts");
        for (PendingRequest p : pending) {
            if (ctx.resubmit(p)) {
                s.counters.count("tcp.resubmitted");
                continue;
            }
            s.counters.count("tcp.busy");
            final TcpRelay r = s.relays.remove(p.correlationId());
            if (r == null) {
                continue;
            }
            final StreamHandle h = r.id == 0 ? null : s.streams.get(r.id);
            if (h != null && r.op.lane() != StreamOp.Lane.NONE) {
                // Back to the head of its lane, to go again when tcp has room.
                final boolean send = r.op.lane() == StreamOp.Lane.SEND;
                final StreamCall call = new StreamCall(r.app, r.op, h.id,
                    p.payload() instanceof StreamSend d ? d.data() : null,
                    p.payload() instanceof StreamReceive rc ? rc.max() : 0);
                (send ? h.sends : h.receives).add(0, call);
                if (send) {
                    h.sendAtTcp = 0;
                } else {
                    h.receiveAtTcp = 0;
                }
                armRetry(ctx);
            } else {
                ctx.reply(r.app, new SocketError("NO_BUFFER_SPACE", "cannot reach " + tcp
                    + " after it restarted: its mailbox is full"));
            }
        }
    }

    /** Adds every application request the stream state holds (in a lane or at tcp) to {@code into}. */
    static void held(final SockServer.State s, final Collection<ReplyTo> into) {
        for (TcpRelay r : s.relays.values()) {
            into.add(r.app);
        }
        for (StreamHandle h : s.streams.values()) {
            h.sends.forEach(c -> into.add(c.app));
            h.receives.forEach(c -> into.add(c.app));
            h.early.forEach(c -> into.add(c.app));
        }
    }

    // ---- stats and audit ----

    /** Adds the computed stream counters. */
    void stats(final SockServer.State s, final Map<String, Long> c) {
        c.put("connections", s.streams.values().stream().filter(h -> !h.listener).count());
        c.put("listeners", s.streams.values().stream().filter(h -> h.listener).count());
        c.put("tcp.calls", (long) s.relays.size());
    }

    /** @return the first broken invariant of the stream state, if any */
    static Optional<String> audit(final SockServer.State s) {
        for (Map.Entry<Integer, StreamHandle> e : s.streams.entrySet()) {
            final StreamHandle h = e.getValue();
            if (h.id != e.getKey() || h.owner == null) {
                return Optional.of("stream handle filed under " + e.getKey() + " has id " + h.id + " and owner "
                    + h.owner);
            }
            if (h.listener && (!h.sends.isEmpty() || !h.receives.isEmpty() || !h.early.isEmpty())) {
                return Optional.of(h.describe() + " has queued connection requests");
            }
            if (h.sendAtTcp != 0 && !s.relays.containsKey(h.sendAtTcp)) {
                return Optional.of(h.describe() + " waits for send call " + h.sendAtTcp + " that tcp does not hold");
            }
            if (h.receiveAtTcp != 0 && !s.relays.containsKey(h.receiveAtTcp)) {
                return Optional.of(h.describe() + " waits for receive call " + h.receiveAtTcp
                    + " that tcp does not hold");
            }
        }
        final List<ReplyTo> seen = new ArrayList<>();
        for (TcpRelay r : s.relays.values()) {
            if (seen.contains(r.app)) {
                return Optional.of("request " + r.app + " is relayed to tcp twice");
            }
            seen.add(r.app);
        }
        return Optional.empty();
    }
}
