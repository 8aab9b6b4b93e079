package dev.newt.net.sock;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.PendingRequest;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.server.ServerContext;
import dev.newt.net.msg.RingAttach;
import dev.newt.net.msg.RingAttached;
import dev.newt.net.msg.RingFinish;
import dev.newt.net.msg.RingKick;
import dev.newt.net.msg.RingReady;
import dev.newt.net.msg.RingWait;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.msg.StreamShutdown;
import dev.newt.net.ring.ByteRing;
import dev.newt.net.ring.RingRegistry;
import dev.newt.net.ring.SocketRings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The exposed-buffer half of sock's streams: connections whose bytes the application puts in and
 * takes from rings it shares with sock ({@link SocketRings}), so that most of its reads and writes
 * need no message. sock moves the bytes between the rings and tcp with the same {@code Stream*}
 * requests the per-call path uses, one send and one receive at tcp per connection at a time, and
 * hears from the application only when it must act: a {@link RingKick} when sock had said it was
 * idle on a ring, a {@link RingWait} when the application blocks, a {@link RingFinish} at the end.
 *
 * <p>Recovery. sock's state holds the rings' id and positions ({@link RingHandle}), never their
 * bytes. The send ring is released only up to what tcp has taken, so every byte tcp has not taken
 * is still in the ring after a crash of sock or tcp; the receive ring's tail is what sock has
 * delivered. Every handler that reads or writes a ring asks for a checkpoint after it
 * ({@link ServerContext#checkpoint()}): a ring is input no replay can see again, so no ring access
 * is ever replayed. A restarted sock squares its positions with the rings (a handler that died
 * after moving bytes left the ring ahead of the checkpoint) and pumps every connection again.
 *
 * <p>Counters: {@code ring.attaches}, {@code ring.kicks}, {@code ring.waits}, {@code ring.wakes},
 * {@code ring.sends}, {@code ring.bytes.out}, {@code ring.receives}, {@code ring.bytes.in},
 * {@code ring.finishes}, {@code ring.errors}, {@code ring.gone} (rings closed by the application
 * while sock held the connection), {@code ring.resynced}.
 */
final class RingStreams {
    /** Most bytes one request to tcp carries or asks for. */
    static final int CHUNK = 64 * 1024;

    /** The timer that pumps every ring connection after a restart. */
    record ResumeRings() {
    }

    private final String tcp;
    private final String host;

    /**
     * @param tcp  the host's tcp
     * @param host the host's name, for errors
     */
    RingStreams(final String tcp, final String host) {
        this.tcp = tcp;
        this.host = host;
    }

    /** @return whether {@code payload} is a ring message or timer */
    static boolean isRing(final Object payload) {
        return payload instanceof RingAttach || payload instanceof RingKick || payload instanceof RingWait
            || payload instanceof RingFinish || payload instanceof ResumeRings;
    }

    /** After a restore: squares positions with the rings, and pumps every connection from a timer. */
    void onStart(final ServerContext ctx, final SockServer.State s) {
        if (s.rings.isEmpty()) {
            return;
        }
        for (RingHandle h : s.rings.values()) {
            final Optional<SocketRings> r = RingRegistry.of(ctx).find(h.ringsId);
            if (r.isEmpty()) {
                continue;
            }
            // A handler that died after moving bytes and before its checkpoint left the rings ahead.
            if (r.get().send().head() > h.sendAcked) {
                s.counters.count("ring.resynced");
                h.sendAcked = r.get().send().head();
                h.sendEnd = h.sendAcked;
                // The send it released for was answered: its answer is the message that died.
                s.ringRelays.remove(h.sendAtTcp);
                h.sendAtTcp = 0;
            }
            if (r.get().receive().tail() > h.received) {
                s.counters.count("ring.resynced");
                h.received = r.get().receive().tail();
                s.ringRelays.remove(h.receiveAtTcp);
                h.receiveAtTcp = 0;
            }
        }
        if (!ctx.replaying()) {
            ctx.setTimer(Duration.ZERO, new ResumeRings());
        }
    }

    /** Handles a ring request, kick or timer. */
    void handle(final ServerContext ctx, final SockServer.State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof ResumeRings) {
            new ArrayList<>(s.rings.values()).forEach(h -> pump(ctx, s, h));
        } else if (p instanceof RingAttach a) {
            attach(ctx, s, m, a);
        } else if (p instanceof RingKick k) {
            s.counters.count("ring.kicks");
            final RingHandle h = s.rings.get(k.connectionId());
            if (h != null && owner(s, h).equals(m.from())) {
                pump(ctx, s, h);
            }
        } else if (p instanceof RingWait w) {
            final RingHandle h = handleOf(ctx, s, m, w.connectionId());
            if (h != null) {
                s.counters.count("ring.waits");
                if (w.send()) {
                    h.sendWait = ctx.replyTo(m);
                } else {
                    h.receiveWait = ctx.replyTo(m);
                }
                pump(ctx, s, h);
            }
        } else if (p instanceof RingFinish f) {
            final RingHandle h = handleOf(ctx, s, m, f.connectionId());
            if (h != null && h.finishApp == null) {
                s.counters.count("ring.finishes");
                h.finishApp = ctx.replyTo(m);
                h.finishEnd = f.end();
                h.finishClose = f.close();
                pump(ctx, s, h);
            }
        }
        ctx.checkpoint();
    }

    private void attach(final ServerContext ctx, final SockServer.State s, final Envelope m, final RingAttach a) {
        final StreamHandle stream = s.streams.get(a.connectionId());
        if (stream == null || stream.listener || !stream.owner.equals(m.from()) || stream.closing) {
            s.counters.count("bad-socket");
            ctx.reply(m, new SocketError("BAD_SOCKET", "no open connection " + a.connectionId() + " of " + m.from()
                + " on " + host));
            return;
        }
        final RingHandle held = s.rings.get(a.connectionId());
        if (held != null && held.ringsId == a.ringsId()) {
            ctx.reply(m, new RingAttached(a.connectionId()));
            return;
        }
        final Optional<SocketRings> r = RingRegistry.of(ctx).find(a.ringsId());
        if (held != null || r.isEmpty() || stream.sendAtTcp != 0 || !stream.sends.isEmpty()) {
            ctx.reply(m, new SocketError("INVALID_ARGUMENT", stream.describe() + ": cannot attach rings "
                + a.ringsId() + (r.isEmpty() ? ": no such rings" : ": the connection has rings or sends under way")));
            return;
        }
        final RingHandle h = new RingHandle(a.connectionId(), a.ringsId(), r.get().send().head(),
            r.get().receive().tail());
        s.rings.put(h.id, h);
        s.counters.count("ring.attaches");
        ctx.reply(m, new RingAttached(h.id));
        pump(ctx, s, h);
    }

    private RingHandle handleOf(final ServerContext ctx, final SockServer.State s, final Envelope m, final int id) {
        final RingHandle h = s.rings.get(id);
        if (h == null || !owner(s, h).equals(m.from())) {
            s.counters.count("bad-socket");
            ctx.reply(m, new SocketError("BAD_SOCKET", "no ring connection " + id + " of " + m.from() + " on " + host));
            return null;
        }
        return h;
    }

    private static String owner(final SockServer.State s, final RingHandle h) {
        final StreamHandle stream = s.streams.get(h.id);
        return stream == null ? "" : stream.owner;
    }

    // ---- answers from tcp ----

    /**
     * @return whether {@code m} answered a request of a ring connection (handled)
     */
    boolean reply(final ServerContext ctx, final SockServer.State s, final Envelope m) {
        final RingRelay r = s.ringRelays.remove(m.correlationId());
        if (r == null) {
            return false;
        }
        final RingHandle h = s.rings.get(r.id);
        final Object p = m.payload();
        if (h == null) {
            return true;
        }
        final SocketRings rings = RingRegistry.of(ctx).find(h.ringsId).orElse(null);
        switch (r.op) {
            case SEND:
                h.sendAtTcp = 0;
                if (p instanceof StreamSent sent) {
                    h.sendAcked += sent.bytes();
                    h.sendEnd = h.sendAcked;
                    s.counters.add("ring.bytes.out", sent.bytes());
                    if (rings != null) {
                        rings.send().release(h.sendAcked);
                    }
                } else {
                    fail(ctx, s, h, rings, p);
                }
                break;
            case RECEIVE:
                h.receiveAtTcp = 0;
                if (p instanceof StreamData d) {
                    final byte[] bytes = d.data() == null ? new byte[0] : d.data();
                    if (rings != null) {
                        final int n = rings.receive().write(bytes, 0, bytes.length);
                        if (n != bytes.length) {
                            throw new IllegalStateException(h.describe() + ": tcp gave " + bytes.length
                                + " bytes for a receive ring with room for " + n);
                        }
                    }
                    h.received += bytes.length;
                    s.counters.add("ring.bytes.in", bytes.length);
                    if (d.eof()) {
                        h.eof = true;
                        if (rings != null) {
                            rings.markEof();
                        }
                    }
                } else {
                    fail(ctx, s, h, rings, p);
                }
                break;
            default:
                // The shutdown or close the application asked for.
                h.sendAtTcp = 0;
                if (h.finishApp != null) {
                    ctx.reply(h.finishApp, p);
                    h.finishApp = null;
                }
                if (r.op == StreamOp.CLOSE || p instanceof SocketError) {
                    if (r.op == StreamOp.CLOSE) {
                        release(ctx, s, h);
                        s.streams.remove(h.id);
                        s.counters.count("stream.closes");
                    }
                    if (p instanceof SocketError) {
                        fail(ctx, s, h, rings, p);
                    }
                }
                break;
        }
        if (s.rings.containsKey(h.id)) {
            pump(ctx, s, h);
        }
        ctx.checkpoint();
        return true;
    }

    private void fail(final ServerContext ctx, final SockServer.State s, final RingHandle h, final SocketRings rings,
                      final Object p) {
        final SocketError err = p instanceof SocketError e ? e
            : new SocketError("INVALID_ARGUMENT", "unexpected answer from " + tcp + ": " + p);
        s.counters.count("ring.errors");
        s.counters.count("stream.error." + err.code());
        if (h.error == null) {
            h.error = err.code() + ": " + err.message();
        }
        if (rings != null) {
            rings.fail(err.code(), err.message());
        }
        if (h.finishApp != null) {
            ctx.reply(h.finishApp, err);
            h.finishApp = null;
        }
        if ("BAD_SOCKET".equals(err.code())) {
            // tcp no longer knows the connection (a fresh tcp): sock lets go of it too.
            release(ctx, s, h);
            s.streams.remove(h.id);
            s.counters.count("tcp.forgot");
        }
        wake(ctx, s, h, rings);
    }

    /**
     * The connection's rings are done with at sock (closed, aborted, or forgotten by a fresh tcp):
     * forget them, and release them from the runtime's registry, so rings whose application never
     * closes its socket do not outlive the connection.
     */
    private static void release(final ServerContext ctx, final SockServer.State s, final RingHandle h) {
        s.rings.remove(h.id);
        RingRegistry.of(ctx).release(h.ringsId);
    }

    // ---- moving bytes ----

    /** Hands tcp the next send and asks it for the next receive, as the rings allow; wakes waiters. */
    private void pump(final ServerContext ctx, final SockServer.State s, final RingHandle h) {
        final SocketRings rings = RingRegistry.of(ctx).find(h.ringsId).orElse(null);
        if (!s.streams.containsKey(h.id)) {
            // Aborted through the per-call path: tcp has failed whatever of it was at tcp.
            release(ctx, s, h);
            return;
        }
        if (rings == null) {
            s.counters.count("ring.gone");
            return;
        }
        if (h.error == null) {
            pumpSend(ctx, s, h, rings.send());
            pumpReceive(ctx, s, h, rings.receive());
        }
        wake(ctx, s, h, rings);
    }

    private void pumpSend(final ServerContext ctx, final SockServer.State s, final RingHandle h, final ByteRing ring) {
        if (h.sendAtTcp != 0) {
            return;
        }
        if (ring.tail() == h.sendAcked) {
            // Empty: say so, then look again (the application checks the mark after writing).
            ring.markIdle();
            if (ring.tail() == h.sendAcked) {
                if (h.finishApp != null && h.sendAcked >= h.finishEnd) {
                    final StreamOp op = h.finishClose ? StreamOp.CLOSE : StreamOp.SHUTDOWN;
                    h.sendAtTcp = request(ctx, s, h, op, h.finishClose ? new StreamClose(h.id, false)
                        : new StreamShutdown(h.id));
                }
                return;
            }
            ring.claimIdle();
        }
        final int n = (int) Math.min(CHUNK, ring.tail() - h.sendAcked);
        final byte[] bytes = new byte[n];
        ring.copy(h.sendAcked, bytes, 0, n);
        final long id = request(ctx, s, h, StreamOp.SEND, new StreamSend(h.id, bytes));
        if (id != 0) {
            h.sendAtTcp = id;
            h.sendEnd = h.sendAcked + n;
            s.counters.count("ring.sends");
        }
    }

    private void pumpReceive(final ServerContext ctx, final SockServer.State s, final RingHandle h,
                             final ByteRing ring) {
        if (h.receiveAtTcp != 0 || h.eof) {
            return;
        }
        if (ring.writable() == 0) {
            // Full: say so, then look again (the application checks the mark after reading).
            ring.markIdle();
            if (ring.writable() == 0) {
                return;
            }
            ring.claimIdle();
        }
        final long id = request(ctx, s, h, StreamOp.RECEIVE, new StreamReceive(h.id, Math.min(CHUNK, ring.writable())));
        if (id != 0) {
            h.receiveAtTcp = id;
            s.counters.count("ring.receives");
        }
    }

    /** @return the correlation id of the request at tcp, or 0 when tcp could not take it (the connection fails) */
    private long request(final ServerContext ctx, final SockServer.State s, final RingHandle h, final StreamOp op,
                         final Object request) {
        final OptionalLong id;
        try {
            id = ctx.request(tcp, request);
        } catch (IllegalArgumentException e) {
            fail(ctx, s, h, RingRegistry.of(ctx).find(h.ringsId).orElse(null), new SocketError("NO_ROUTE", "host " + host
                + " has no TCP: there is no server '" + tcp + "' in this runtime"));
            return 0;
        }
        if (id.isEmpty()) {
            // tcp's mailbox is full: the next kick, wait or answer pumps again.
            s.counters.count("tcp.busy");
            return 0;
        }
        s.ringRelays.put(id.getAsLong(), new RingRelay(h.id, op));
        return id.getAsLong();
    }

    /** Answers the application's waits that the rings now let go on. */
    private void wake(final ServerContext ctx, final SockServer.State s, final RingHandle h, final SocketRings rings) {
        final boolean failed = h.error != null || rings == null;
        if (h.sendWait != null && (failed || rings.send().writable() >= rings.send().capacity() / 2)) {
            s.counters.count("ring.wakes");
            ctx.reply(h.sendWait, new RingReady(h.id));
            h.sendWait = null;
        }
        if (h.receiveWait != null && (failed || h.eof || rings.receive().readable() > 0)) {
            s.counters.count("ring.wakes");
            ctx.reply(h.receiveWait, new RingReady(h.id));
            h.receiveWait = null;
        }
    }

    // ---- tcp restarted ----

    /**
     * tcp restarted: resubmits the requests of ring connections it took; the rest are the per-call
     * path's.
     *
     * @return the pending requests that are not ring connections'
     */
    List<PendingRequest> tcpRestarted(final ServerContext ctx, final SockServer.State s,
                                      final List<PendingRequest> pending) {
        final List<PendingRequest> others = new ArrayList<>();
        for (PendingRequest p : pending) {
            final RingRelay r = s.ringRelays.get(p.correlationId());
            if (r == null) {
                others.add(p);
                continue;
            }
            if (ctx.resubmit(p)) {
                s.counters.count("tcp.resubmitted");
                continue;
            }
            s.ringRelays.remove(p.correlationId());
            final RingHandle h = s.rings.get(r.id);
            if (h != null) {
                fail(ctx, s, h, RingRegistry.of(ctx).find(h.ringsId).orElse(null), new SocketError("NO_BUFFER_SPACE",
                    "cannot reach " + tcp + " after it restarted: its mailbox is full"));
            }
        }
        if (!others.equals(pending)) {
            ctx.checkpoint();
        }
        return others;
    }

    /** Adds the application requests the ring state holds to {@code into}. */
    static void held(final SockServer.State s, final java.util.Collection<ReplyTo> into) {
        for (RingHandle h : s.rings.values()) {
            if (h.sendWait != null) {
                into.add(h.sendWait);
            }
            if (h.receiveWait != null) {
                into.add(h.receiveWait);
            }
            if (h.finishApp != null) {
                into.add(h.finishApp);
            }
        }
    }

    /** @return the first broken invariant of the ring state, if any */
    static Optional<String> audit(final SockServer.State s) {
        for (Map.Entry<Integer, RingHandle> e : s.rings.entrySet()) {
            final RingHandle h = e.getValue();
            if (h.id != e.getKey()) {
                return Optional.of(h.describe() + " is filed under " + e.getKey());
            }
            if (h.sendAcked > h.sendEnd) {
                return Optional.of(h.describe() + " has tcp's send position " + h.sendAcked + " beyond "
                    + h.sendEnd);
            }
        }
        return Optional.empty();
    }
}
