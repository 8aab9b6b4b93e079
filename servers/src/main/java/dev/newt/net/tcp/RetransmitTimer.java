package dev.newt.net.tcp;

import dev.newt.net.wire.TcpSegment;

/**
 * What the sender does when its timers expire: the retransmission timer (RFC 6298 5.4 to 5.7,
 * RFC 5681 3.1) and the persist timer (RFC 9293 3.8.6.1). Both give up after
 * {@link TcpConfig#maxRetransmissions()} tries without an answer ({@link TcpConfig#synRetries()}
 * for an open), failing the connection's calls with {@code TIMED_OUT}.
 */
final class RetransmitTimer {
    private RetransmitTimer() {
    }

    /**
     * The retransmission timer expired: back off, collapse the congestion window to one segment,
     * end any fast recovery, and go back to SND.UNA; or give up after too many tries.
     *
     * @param io the message's context
     * @param c  the connection
     */
    static void expired(final TcpIo io, final Connection c) {
        final Sender s = c.snd;
        if (s.sndUna == s.sndMax) {
            return;
        }
        s.retries++;
        final int limit = c.state.synchronizedState() ? io.config().maxRetransmissions() : io.config().synRetries();
        if (s.retries > limit) {
            c.abort(io, "TIMED_OUT", "connection " + c.describe() + " timed out after " + limit + " retransmissions");
            return;
        }
        io.count("timeouts");
        s.rtt.backOff();
        s.timing = false; // Karn: nothing outstanding can be timed any more
        s.cc.onTimeout(s.sndMax - s.sndUna, io.now());
        s.inRecovery = false;
        s.dupAcks = 0;
        s.recover = s.sndMax; // RFC 6582: no fast retransmit for what was sent before the timeout
        s.sndNxt = s.sndUna;
        if (!s.synAcked()) {
            s.sendSyn(io, c);
        } else {
            s.output(io, c);
        }
        if (!c.retransmit.running() && s.sndMax != s.sndUna) {
            c.retransmit.start(io, c.id, TimerKind.RETRANSMIT, io.now() + s.rtt.rto());
        }
    }

    /**
     * The persist timer expired: probe a zero window with a segment carrying an old sequence number
     * (SND.UNA - 1, no data), which any receiver answers with an ACK showing its window; or, if a
     * small window is open but silly window avoidance held the data back, send what fits. The
     * interval doubles each time, up to the RTO ceiling.
     *
     * @param io the message's context
     * @param c  the connection
     */
    static void persistExpired(final TcpIo io, final Connection c) {
        final Sender s = c.snd;
        if (s.sndMax != s.sndUna || !s.hasUnsent()) {
            return;
        }
        s.probes++;
        if (s.probes > io.config().maxRetransmissions()) {
            c.abort(io, "TIMED_OUT", "connection " + c.describe() + " timed out: " + (s.probes - 1)
                + " window probes unanswered");
            return;
        }
        io.count("persist-probes");
        if (s.sndWnd > 0) {
            final int avail = s.buffer.size() - (s.sndNxt - s.dataStart());
            final int len = Math.min(Math.min(avail, s.mss), s.sndWnd);
            s.sendData(io, c, s.sndNxt, len, s.finQueued && len == avail);
        } else {
            c.transmit(io, TcpSegment.ACK, s.sndUna - 1, new byte[0], TcpSegment.Options.NONE);
        }
        if (s.persistShift < 30) {
            s.persistShift++;
        }
        s.arrangePersist(io, c);
    }
}
