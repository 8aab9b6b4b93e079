package dev.newt.net.tcp;

import dev.newt.net.msg.IpInbound;
import dev.newt.net.wire.Decoded;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.PacketBuffer;
import dev.newt.net.wire.TcpSegment;
import java.nio.ByteBuffer;

/**
 * SEGMENT ARRIVES (RFC 9293 section 3.10.7): decoding, demultiplexing, and the processing of a
 * segment in each state, with the acceptance checks of RFC 5961.
 */
final class Input {
    private Input() {
    }

    /**
     * Handles a datagram pf delivered.
     *
     * @param io the message's context
     * @param in the datagram
     */
    static void segment(final TcpIo io, final IpInbound in) {
        if (in.protocol() != IpProtocol.TCP) {
            io.drop(DropReason.UNKNOWN_PROTOCOL);
            return;
        }
        final PacketBuffer packet = in.datagram();
        if (packet == null) {
            io.drop(DropReason.TRUNCATED);
            return;
        }
        packet.verify();
        final int hl = in.headerLength();
        if (hl < 0 || hl > packet.length()) {
            io.drop(DropReason.TRUNCATED);
            return;
        }
        final int end = datagramEnd(packet, hl);
        final Decoded<TcpSegment> d = TcpSegment.decode(
            ByteBuffer.wrap(packet.array(), packet.offset() + hl, end - hl), in.source(), in.destination());
        if (!d.isOk()) {
            io.drop(d.reason());
            return;
        }
        // Parsed in place: the payload is a view of the datagram, kept by reference if it is taken.
        io.inboundPayload(packet.slice(end - d.value().payloadLength(), d.value().payloadLength()));
        if (!in.destination().equals(io.host().address())) {
            io.drop(DropReason.NOT_FOR_US);
            return;
        }
        final TcpSegment seg = d.value();
        io.count("segments.in");
        io.count("bytes.in", seg.payloadLength());
        if (seg.has(TcpSegment.RST)) {
            io.count("rst.in");
        }
        if (seg.sourcePort() == 0 || seg.destinationPort() == 0) {
            io.count("rejected.port-zero");
            return;
        }
        final TcpServer.State s = io.state();
        final Connection c = Demux.find(s, seg.destinationPort(), in.source().bits(), seg.sourcePort());
        if (c != null) {
            io.changed(c);
        }
        if (c == null) {
            final Listener l = Demux.listener(s, seg.destinationPort());
            if (l != null) {
                listen(io, l, in.source(), seg);
            } else {
                io.count("no-connection");
                Rst.answer(io, in.source(), seg);
            }
        } else if (c.state == TcpState.SYN_SENT) {
            synSent(io, c, seg);
        } else {
            other(io, c, seg);
        }
    }

    /** @return the segment's payload: the view of the received datagram when it is that segment's */
    private static PacketBuffer payloadOf(final TcpIo io, final TcpSegment seg) {
        final PacketBuffer view = io.inboundPayload();
        if (view != null && view.length() == seg.payloadLength()) {
            return view;
        }
        return PacketBuffer.wrap(seg.payloadBytes());
    }

    /** The end of the IPv4 datagram: its total length when sound, so link padding is not taken for TCP. */
    private static int datagramEnd(final PacketBuffer packet, final int hl) {
        if (hl >= Ipv4Packet.MIN_HEADER_LENGTH) {
            final int total = ((packet.get(2) & 0xFF) << 8) | (packet.get(3) & 0xFF);
            if (total >= hl && total <= packet.length()) {
                return total;
            }
        }
        return packet.length();
    }

    /** LISTEN: a SYN makes a connection in SYN_RECEIVED and is answered with our SYN-ACK. */
    private static void listen(final TcpIo io, final Listener l, final Ipv4Address source, final TcpSegment seg) {
        if (seg.has(TcpSegment.RST)) {
            io.count("rejected.rst-to-listener");
            return;
        }
        if (seg.has(TcpSegment.ACK)) {
            io.count("rejected.ack-to-listener");
            Rst.answer(io, source, seg);
            return;
        }
        if (!seg.has(TcpSegment.SYN)) {
            io.count("rejected.no-syn");
            return;
        }
        final TcpServer.State s = io.state();
        if (Demux.pending(s, l) >= l.backlog) {
            io.count("rejected.backlog-full"); // dropped: the peer will try again
            return;
        }
        final TcpConfig config = io.config();
        final Connection c = new Connection();
        c.id = s.nextId++;
        c.state = TcpState.SYN_RECEIVED;
        c.localPort = l.port;
        c.remoteAddress = source.bits();
        c.remotePort = seg.sourcePort();
        c.listenerId = l.id;
        c.peerOfferedScale = seg.options().hasWindowScale();
        c.snd.init(io.newIsn(), config);
        synchronize(io, c, seg);
        c.snd.initWindow(seg.window(), seg.sequenceNumber(), c.snd.iss);
        Demux.add(io, c);
        io.count("connections.passive-opens");
        c.snd.output(io, c);
    }

    /** Takes the peer's SYN: its ISN, MSS and window scale. */
    private static void synchronize(final TcpIo io, final Connection c, final TcpSegment seg) {
        final TcpConfig config = io.config();
        final TcpSegment.Options o = seg.options();
        final boolean scaled = config.windowScaling() && o.hasWindowScale();
        c.snd.peerMss(o.mss());
        c.snd.shift = scaled ? Math.min(14, o.windowScale()) : 0;
        c.rcv.prepare(config.receiveBuffer(), config.windowShift(), c.snd.mss);
        c.rcv.synchronize(seg.sequenceNumber(), scaled);
    }

    /** SYN_SENT: a SYN-ACK establishes; a bare SYN is a simultaneous open; a RST refuses. */
    private static void synSent(final TcpIo io, final Connection c, final TcpSegment seg) {
        final boolean hasAck = seg.has(TcpSegment.ACK);
        final int ack = seg.acknowledgmentNumber();
        if (hasAck && (SeqNum.leq(ack, c.snd.iss) || SeqNum.gt(ack, c.snd.sndMax))) {
            io.count("rejected.bad-ack");
            Rst.answer(io, c.remote(), seg);
            return;
        }
        if (seg.has(TcpSegment.RST)) {
            if (hasAck) {
                c.abort(io, "REFUSED", "connection to " + c.remote() + ":" + c.remotePort + " refused");
            } else {
                io.count("rejected.rst-without-ack");
            }
            return;
        }
        if (!seg.has(TcpSegment.SYN)) {
            io.count("rejected.no-syn");
            return;
        }
        synchronize(io, c, seg);
        if (hasAck) {
            c.snd.newlyAcked(io, c, ack);
            c.snd.initWindow(seg.window(), seg.sequenceNumber(), ack);
            c.established(io);
            c.rcv.ackOwed = true; // the SYN
            if (seg.payloadLength() > 0 || seg.has(TcpSegment.FIN)) {
                text(io, c, seg, seg.sequenceNumber() + 1);
            }
            c.snd.output(io, c);
            c.acknowledge(io, true);
        } else {
            // Simultaneous open (RFC 9293 figure 7): answer the peer's SYN with SYN-ACK.
            c.state = TcpState.SYN_RECEIVED;
            c.peerOfferedScale = seg.options().hasWindowScale();
            c.snd.initWindow(seg.window(), seg.sequenceNumber(), c.snd.iss);
            c.snd.sndNxt = c.snd.iss;
            c.snd.output(io, c);
        }
    }

    /** SYN_RECEIVED and the synchronized states. */
    private static void other(final TcpIo io, final Connection c, final TcpSegment seg) {
        int seq = seg.sequenceNumber();
        boolean syn = seg.has(TcpSegment.SYN);
        int length = seg.segmentLength();
        if (c.state == TcpState.SYN_RECEIVED && syn && seq == c.rcv.irs) {
            if (!seg.has(TcpSegment.ACK)) {
                c.snd.sndNxt = c.snd.iss; // the peer's SYN again: our SYN-ACK was lost
                c.snd.output(io, c);
                return;
            }
            // Simultaneous open: the peer's SYN-ACK. Its SYN is known; take its ACK.
            syn = false;
            seq++;
            length--;
        }
        // First: the sequence number.
        if (!c.rcv.acceptable(seq, length)) {
            if (seg.has(TcpSegment.RST)) {
                io.count("rejected.rst-out-of-window");
            } else {
                io.count("rejected.out-of-window");
                c.sendAck(io);
                if (c.state == TcpState.TIME_WAIT && seg.has(TcpSegment.FIN)) {
                    enterTimeWait(io, c); // the peer's FIN again: our last ACK was lost
                }
            }
            return;
        }
        // Second: RST, exact (reset) or merely in the window (challenge, RFC 5961 3.2).
        if (seg.has(TcpSegment.RST)) {
            if (seq == c.rcv.rcvNxt) {
                reset(io, c);
            } else {
                Rst.challengeAck(io, c);
            }
            return;
        }
        // Fourth: a SYN in a synchronized state (RFC 5961 4.2).
        if (syn) {
            Rst.challengeAck(io, c);
            return;
        }
        // Fifth: the ACK.
        if (!seg.has(TcpSegment.ACK)) {
            io.count("rejected.no-ack");
            return;
        }
        if (c.state == TcpState.SYN_RECEIVED) {
            final int ack = seg.acknowledgmentNumber();
            if (!SeqNum.gt(ack, c.snd.sndUna) || SeqNum.gt(ack, c.snd.sndMax)) {
                io.count("rejected.bad-ack");
                Rst.answer(io, c.remote(), seg);
                return;
            }
            c.snd.initWindow(seg.window() << c.snd.shift, seq, ack);
            c.established(io);
        }
        if (c.state != TcpState.TIME_WAIT) {
            if (!c.snd.processAck(io, c, seg, seq)) {
                return;
            }
            if (c.snd.finAcked) {
                if (c.state == TcpState.FIN_WAIT_1) {
                    c.state = TcpState.FIN_WAIT_2;
                } else if (c.state == TcpState.CLOSING) {
                    enterTimeWait(io, c);
                } else if (c.state == TcpState.LAST_ACK) {
                    Demux.closed(io, c);
                    return;
                }
            }
            c.serveSends(io);
        }
        // Seventh and eighth: data and FIN.
        boolean ackNow = false;
        boolean secondSegment = false;
        if (seg.payloadLength() > 0 || seg.has(TcpSegment.FIN)) {
            if (c.state.receivesData()) {
                final Receiver.Arrival a = text(io, c, seg, seq);
                ackNow = a.ackNow();
                secondSegment = a.secondSegment();
            } else if (c.state == TcpState.TIME_WAIT && seg.has(TcpSegment.FIN)) {
                c.rcv.ackOwed = true;
                ackNow = true;
                enterTimeWait(io, c);
            }
            // CLOSE_WAIT, CLOSING, LAST_ACK: the peer's FIN is in; nothing after it counts.
        }
        c.snd.output(io, c);
        c.acknowledge(io, ackNow, secondSegment);
    }

    /**
     * A connection's {@link AckFlush} came back: every segment queued before it has been handled,
     * so one ACK now covers the whole batch.
     *
     * @param io the message's context
     * @param f  the flush
     */
    static void ackFlush(final TcpIo io, final AckFlush f) {
        final Connection c = io.state().connections.get(f.connection());
        if (c == null || !c.rcv.ackOwed || c.state == TcpState.CLOSED) {
            return; // gone, or acknowledged already (by data going out, or at the stretch bound)
        }
        io.changed(c);
        io.count("acks.batched");
        c.sendAck(io);
    }

    /**
     * Takes a segment's data and FIN into the receiver, answers waiting receives, and makes the
     * state transitions of a FIN.
     *
     * @return what the receiver did with it, and how soon it wants an ACK
     */
    private static Receiver.Arrival text(final TcpIo io, final Connection c, final TcpSegment seg, final int seq) {
        final Receiver.Arrival a = c.rcv.accept(seq, payloadOf(io, seg), seg.has(TcpSegment.FIN));
        if (c.released) {
            c.rcv.buffer.clear(); // closed by its user: nobody will read it
        }
        if (a.delivered()) {
            c.serveReceives(io);
        }
        if (a.finNow()) {
            if (c.state == TcpState.ESTABLISHED) {
                c.state = TcpState.CLOSE_WAIT;
            } else if (c.state == TcpState.FIN_WAIT_1) {
                c.state = TcpState.CLOSING;
            } else if (c.state == TcpState.FIN_WAIT_2) {
                enterTimeWait(io, c);
            }
            c.serveReceives(io);
        }
        return a;
    }

    /** A RST exactly at RCV.NXT (RFC 9293 3.10.7.4 second check). */
    private static void reset(final TcpIo io, final Connection c) {
        switch (c.state) {
            case SYN_RECEIVED:
                if (c.activeOpen) {
                    c.abort(io, "REFUSED", "connection to " + c.remote() + ":" + c.remotePort + " refused");
                } else {
                    io.count("connections.reset");
                    Demux.remove(io, c); // a passive open goes back to just listening
                }
                break;
            case ESTABLISHED:
            case FIN_WAIT_1:
            case FIN_WAIT_2:
            case CLOSE_WAIT:
                c.abort(io, "RESET", "connection " + c.describe() + " reset by peer");
                break;
            default:
                Demux.closed(io, c);
                break;
        }
    }

    /** Enters (or restarts) TIME_WAIT: only its timer runs. */
    static void enterTimeWait(final TcpIo io, final Connection c) {
        c.state = TcpState.TIME_WAIT;
        c.retransmit.stop();
        c.persist.stop();
        c.timeWait.start(io, c.id, TimerKind.TIME_WAIT, io.now() + io.config().timeWait().toNanos());
    }
}
