package dev.newt.net.tcp;

import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.TcpSegment;
import java.nio.ByteBuffer;

/**
 * The resets and challenge ACKs tcp sends: the reset that answers a segment no connection wants
 * (RFC 9293 3.10.7.1), the reset of an aborted connection (3.10.5), and the challenge ACK of
 * RFC 5961, which asks the true peer to prove itself instead of trusting a blind RST, SYN or ACK.
 */
final class Rst {
    private Rst() {
    }

    /**
     * Answers {@code seg} with a reset, unless it is a reset itself: {@code <SEQ=SEG.ACK><CTL=RST>}
     * if it has an ACK, else {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}.
     *
     * @param io     the message's context
     * @param remote the segment's source address
     * @param seg    the segment
     */
    static void answer(final TcpIo io, final Ipv4Address remote, final TcpSegment seg) {
        if (seg.has(TcpSegment.RST)) {
            return;
        }
        final TcpSegment rst;
        if (seg.has(TcpSegment.ACK)) {
            rst = new TcpSegment(seg.destinationPort(), seg.sourcePort(), seg.acknowledgmentNumber(), 0,
                TcpSegment.RST, 0, 0, TcpSegment.Options.NONE, ByteBuffer.allocate(0));
        } else {
            rst = new TcpSegment(seg.destinationPort(), seg.sourcePort(), 0,
                seg.sequenceNumber() + seg.segmentLength(), TcpSegment.RST | TcpSegment.ACK, 0, 0,
                TcpSegment.Options.NONE, ByteBuffer.allocate(0));
        }
        io.transmit(remote, rst);
    }

    /**
     * Sends a challenge ACK ({@code <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>}, RFC 5961 3.2, 4.2, 5.2).
     *
     * @param io the message's context
     * @param c  the connection
     */
    static void challengeAck(final TcpIo io, final Connection c) {
        io.count("challenge-acks");
        c.sendAck(io);
    }

    /**
     * Resets a connection the user aborts, if the peer knows of it: {@code <SEQ=SND.NXT><CTL=RST>}
     * in the states where RFC 9293 3.10.5 sends one.
     *
     * @param io the message's context
     * @param c  the connection
     */
    static void abortConnection(final TcpIo io, final Connection c) {
        final TcpState s = c.state;
        if (s == TcpState.SYN_RECEIVED || s == TcpState.ESTABLISHED || s == TcpState.FIN_WAIT_1
            || s == TcpState.FIN_WAIT_2 || s == TcpState.CLOSE_WAIT) {
            io.transmit(c.remote(), new TcpSegment(c.localPort, c.remotePort, c.snd.sndNxt, 0, TcpSegment.RST, 0, 0,
                TcpSegment.Options.NONE, ByteBuffer.allocate(0)));
        }
    }
}
