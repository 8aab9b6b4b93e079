package dev.newt.net.tcp;

import dev.newt.core.server.ReplyTo;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.PacketBuffer;
import dev.newt.net.wire.TcpSegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection (its TCB): the 4-tuple, the state, the two halves, the timers as deadlines, and
 * the user's calls that wait on it. Everything a restored tcp needs to carry on is here, in plain
 * fields for Jackson.
 */
public final class Connection {
    /** Handle the user's calls name it by. */
    public int id;
    /** Where it is in RFC 9293's state diagram. */
    public TcpState state;
    /** Our port. */
    public int localPort;
    /** The peer's address, as {@link Ipv4Address#bits()}. */
    public int remoteAddress;
    /** The peer's port. */
    public int remotePort;
    /** Whether we opened it (connect), rather than a listener. */
    public boolean activeOpen;
    /** The listener it came from, or -1. */
    public int listenerId = -1;
    /** Whether it was handed to the user (by accept or connect). */
    public boolean accepted;
    /** Whether the user closed its handle: nobody reads any more, and it goes once closed. */
    public boolean released;
    /** Whether the user asked to shut down sending while sends were still waiting for space. */
    public boolean finAfterSends;
    /** Whether the peer's SYN offered window scaling (so our SYN-ACK may answer it). */
    public boolean peerOfferedScale;
    /** Why it ended abnormally ({@code RESET}, {@code REFUSED}, {@code TIMED_OUT}), or null. */
    public String error;
    /** The sending half. */
    public Sender snd = new Sender();
    /** The receiving half. */
    public Receiver rcv = new Receiver();
    /** Retransmission timer. */
    public TimerSlot retransmit = new TimerSlot();
    /** Persist (zero-window probe) timer. */
    public TimerSlot persist = new TimerSlot();
    /** The most in-order segments one ACK covers when ACKs are batched (see {@link #acknowledge(TcpIo, boolean, boolean)}). */
    static final int MAX_ACK_STRETCH = 16;

    /** Delayed ACK timer. */
    public TimerSlot delayedAck = new TimerSlot();
    /** TIME_WAIT timer. */
    public TimerSlot timeWait = new TimerSlot();
    /** The connect waiting for the handshake, or null. */
    public ReplyTo connectCall;
    /** Receives waiting for data, oldest first. */
    public List<PendingReceive> receives = new ArrayList<>();
    /** Sends waiting for buffer space, oldest first. */
    public List<PendingSend> sends = new ArrayList<>();

    /** For Jackson. */
    public Connection() {
    }

    /** @return the peer's address */
    Ipv4Address remote() {
        return new Ipv4Address(remoteAddress);
    }

    /** @return "id local->remote:port" for messages */
    String describe() {
        return id + " (:" + localPort + " -> " + remote() + ":" + remotePort + ")";
    }

    /** @param kind a timer @return its slot */
    TimerSlot timer(final TimerKind kind) {
        switch (kind) {
            case RETRANSMIT:
                return retransmit;
            case PERSIST:
                return persist;
            case DELAYED_ACK:
                return delayedAck;
            default:
                return timeWait;
        }
    }

    /** Stops every timer. */
    void stopTimers() {
        for (TimerKind k : TimerKind.values()) {
            timer(k).stop();
        }
    }

    // ---- output ----

    /**
     * Sends one segment of this connection, filling in the ports, the ACK (RCV.NXT) and our window
     * when the ACK flag is set; an ACK pays off what the receiver owed.
     *
     * @param io      the message's context
     * @param flags   control bits
     * @param seq     sequence number
     * @param payload data, a fresh array
     * @param options options
     */
    void transmit(final TcpIo io, final int flags, final int seq, final byte[] payload,
                  final TcpSegment.Options options) {
        final boolean ack = (flags & TcpSegment.ACK) != 0;
        final int window = rcv.advertise((flags & TcpSegment.SYN) != 0);
        io.transmit(remote(), new TcpSegment(localPort, remotePort, seq, ack ? rcv.rcvNxt : 0, flags, window, 0,
            options, ByteBuffer.wrap(payload)));
        sent(io, ack);
    }

    /**
     * Sends one data segment whose payload is already written into {@code buffer} after room for
     * a header of {@link TcpSegment#MIN_HEADER_LENGTH} bytes (no options): the payload is not
     * copied again on its way to the wire.
     *
     * @param io     the message's context
     * @param flags  control bits, ACK among them
     * @param seq    sequence number
     * @param buffer header room and payload, with headroom for the layers below
     */
    void transmit(final TcpIo io, final int flags, final int seq, final PacketBuffer buffer) {
        final boolean ack = (flags & TcpSegment.ACK) != 0;
        final int window = rcv.advertise((flags & TcpSegment.SYN) != 0);
        final ByteBuffer payload = ByteBuffer.wrap(buffer.array(), buffer.offset() + TcpSegment.MIN_HEADER_LENGTH,
            buffer.length() - TcpSegment.MIN_HEADER_LENGTH);
        io.transmit(remote(), new TcpSegment(localPort, remotePort, seq, ack ? rcv.rcvNxt : 0, flags, window, 0,
            TcpSegment.Options.NONE, payload), buffer);
        sent(io, ack);
    }

    private void sent(final TcpIo io, final boolean ack) {
        if (ack) {
            rcv.acked();
            delayedAck.stop();
        }
    }

    /** Sends a bare ACK: SEQ=SND.NXT, ACK=RCV.NXT, our window. */
    void sendAck(final TcpIo io) {
        transmit(io, TcpSegment.ACK, snd.sndNxt, new byte[0], TcpSegment.Options.NONE);
    }

    /**
     * Acknowledges received data as owed, ACKing a second full segment once per batch in real time.
     *
     * <p>"ACK every second segment" (RFC 9293 3.8.6.3, RFC 1122 4.2.3.2) is kept as a bound, not
     * followed segment by segment, on a real-time executor with a delayed ACK: at the second
     * unacknowledged segment the connection sends itself an {@link AckFlush}, which its mailbox
     * delivers after every segment already queued, so one ACK covers the batch of segments a
     * worker drains; at {@link #MAX_ACK_STRETCH} unacknowledged segments the ACK goes at once, and
     * the delayed ACK timer still bounds the wait. An ACK that is urgent (out-of-order data, a gap
     * filled, a FIN, data cut by the window) goes at once as before. The simulated executor
     * delivers one message per step, so there the rule stays per segment and its event logs do
     * not change.
     *
     * @param io            the message's context
     * @param now           whether the ACK must not wait
     * @param secondSegment whether at least two in-order segments are now unacknowledged
     */
    void acknowledge(final TcpIo io, final boolean now, final boolean secondSegment) {
        if (!now && secondSegment && rcv.ackOwed && batchesAcks(io)) {
            if (rcv.unackedSegments >= MAX_ACK_STRETCH) {
                sendAck(io);
                return;
            }
            // One flush per batch: sent at the second segment; the ACK that answers it resets the count.
            if (rcv.unackedSegments == 2 && !io.ctx().send(io.ctx().name(), new AckFlush(id))) {
                sendAck(io); // our own mailbox is full: no batch to wait for
                return;
            }
            acknowledge(io, false);
            return;
        }
        acknowledge(io, now || secondSegment);
    }

    private static boolean batchesAcks(final TcpIo io) {
        return !io.ctx().simulated() && !io.config().delayedAck().isZero();
    }

    /**
     * Acknowledges received data now or soon, as owed: {@code now} at once, otherwise after the
     * delayed ACK timeout (or at once when there is none).
     *
     * @param io  the message's context
     * @param now whether the ACK must not wait
     */
    void acknowledge(final TcpIo io, final boolean now) {
        if (!rcv.ackOwed) {
            return;
        }
        if (now || io.config().delayedAck().isZero()) {
            sendAck(io);
        } else if (!delayedAck.running()) {
            delayedAck.start(io, id, TimerKind.DELAYED_ACK, io.now() + io.config().delayedAck().toNanos());
        }
    }

    // ---- the user's calls ----

    /**
     * Answers waiting receives from the buffer, or with the end of the stream once the FIN is in;
     * tells the peer when reading reopened the window.
     *
     * @param io the message's context
     */
    void serveReceives(final TcpIo io) {
        boolean read = false;
        while (!receives.isEmpty()) {
            final PendingReceive r = receives.get(0);
            if (rcv.buffer.size() > 0) {
                io.reply(r.call, new StreamData(rcv.buffer.take(r.max), false));
                read = true;
            } else if (rcv.finReceived) {
                io.reply(r.call, new StreamData(new byte[0], true));
            } else {
                break;
            }
            receives.remove(0);
        }
        if (read) {
            windowUpdate(io);
        }
    }

    /**
     * After the application read: if the window opened by enough to matter, say so at once
     * rather than let the peer wait for a probe.
     *
     * @param io the message's context
     */
    void windowUpdate(final TcpIo io) {
        if (state.synchronizedState() && state != TcpState.TIME_WAIT && rcv.windowUpdateDue()) {
            io.count("window-updates");
            sendAck(io);
        }
    }

    /**
     * Moves waiting sends into the freed buffer space, answering each once all its bytes are in;
     * then queues the FIN if a shutdown waited for them.
     *
     * @param io the message's context
     */
    void serveSends(final TcpIo io) {
        while (!sends.isEmpty() && snd.free() > 0) {
            final PendingSend p = sends.get(0);
            final int n = Math.min(snd.free(), p.data.length - p.taken);
            snd.buffer.append(p.data, p.taken, n);
            p.taken += n;
            if (p.taken < p.data.length) {
                break;
            }
            io.reply(p.call, new StreamSent(p.data.length));
            sends.remove(0);
        }
        if (sends.isEmpty() && finAfterSends) {
            finAfterSends = false;
            queueFin(io);
        }
    }

    /**
     * The user is done sending: queue the FIN after the buffered data (after the waiting sends, if
     * any) and move to FIN_WAIT_1 or LAST_ACK as RFC 9293 3.10.4 says.
     *
     * @param io the message's context
     */
    void shutdownSending(final TcpIo io) {
        if (snd.finQueued || finAfterSends) {
            return;
        }
        if (!sends.isEmpty()) {
            finAfterSends = true;
            return;
        }
        queueFin(io);
    }

    private void queueFin(final TcpIo io) {
        snd.finQueued = true;
        if (state == TcpState.ESTABLISHED) {
            state = TcpState.FIN_WAIT_1;
        } else if (state == TcpState.CLOSE_WAIT) {
            state = TcpState.LAST_ACK;
        }
        // In SYN_SENT and SYN_RECEIVED the FIN waits for ESTABLISHED (see established()).
        snd.output(io, this);
    }

    /**
     * The handshake completed: answer the connect, or offer the connection to its listener.
     *
     * @param io the message's context
     */
    void established(final TcpIo io) {
        state = TcpState.ESTABLISHED;
        io.count("connections.opened");
        if (connectCall != null) {
            io.reply(connectCall, new StreamConnected(id, localPort));
            connectCall = null;
            accepted = true;
        } else if (listenerId >= 0) {
            final Listener l = io.state().listeners.get(listenerId);
            if (l != null) {
                l.ready.add(id);
                Demux.serveAccepts(io, l);
            }
        }
        if (snd.finQueued) {
            state = TcpState.FIN_WAIT_1;
        }
    }

    /**
     * Fails every waiting call with {@code code}.
     *
     * @param io      the message's context
     * @param code    a socket error code
     * @param message what happened
     */
    void failCalls(final TcpIo io, final String code, final String message) {
        if (connectCall != null) {
            io.fail(connectCall, code, message);
            connectCall = null;
        }
        for (PendingReceive r : receives) {
            io.fail(r.call, code, message);
        }
        receives.clear();
        for (PendingSend s : sends) {
            io.fail(s.call, code, message);
        }
        sends.clear();
        finAfterSends = false;
    }

    /**
     * The connection ends abnormally (reset, refused, timed out): waiting calls fail with
     * {@code code}, later calls too, until the user closes the handle.
     *
     * @param io      the message's context
     * @param code    {@code RESET}, {@code REFUSED} or {@code TIMED_OUT}
     * @param message what happened
     */
    void abort(final TcpIo io, final String code, final String message) {
        io.count("connections." + code.toLowerCase().replace('_', '-'));
        error = code;
        failCalls(io, code, message);
        rcv.buffer.clear();
        snd.buffer.clear();
        Demux.closed(io, this);
    }

    /**
     * Whether {@code call} is one of the calls waiting here (a resubmitted request).
     *
     * @param call a request's reply address
     * @return whether it is held
     */
    boolean holds(final ReplyTo call) {
        if (call.equals(connectCall)) {
            return true;
        }
        for (PendingReceive r : receives) {
            if (r.call.equals(call)) {
                return true;
            }
        }
        for (PendingSend s : sends) {
            if (s.call.equals(call)) {
                return true;
            }
        }
        return false;
    }
}
