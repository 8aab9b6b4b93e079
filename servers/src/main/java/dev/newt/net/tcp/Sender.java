package dev.newt.net.tcp;

import dev.newt.net.wire.PacketBuffer;
import dev.newt.net.wire.TcpSegment;

/**
 * The sending half of a connection: the send sequence variables, the buffer of unacknowledged and
 * unsent data, segmentation within the peer's window and the congestion window, the
 * retransmission timer (RFC 6298, with Karn's rule), fast retransmit and NewReno fast recovery
 * (RFC 5681, RFC 6582); its timers' expiry is {@link RetransmitTimer}'s. A plain object with
 * public fields for Jackson.
 *
 * <p>Sequence space: our SYN is at ISS, data byte {@code k} of the stream at {@code ISS + 1 + k},
 * and the FIN right after the last byte. The buffer holds the data from the first unacknowledged
 * byte on, so data byte at sequence {@code s} is at buffer index {@code s - dataStart()}.
 */
public final class Sender {
    /** ISS: our initial sequence number. */
    public int iss;
    /** SND.UNA: the oldest unacknowledged sequence number. */
    public int sndUna;
    /** SND.NXT: the next sequence number to send (moved back to SND.UNA by a timeout). */
    public int sndNxt;
    /** The highest sequence number sent so far, plus one; what an ACK may acknowledge. */
    public int sndMax;
    /** SND.WND: the peer's window, in bytes (scaled). */
    public int sndWnd;
    /** SND.WL1: sequence number of the segment that last updated the window. */
    public int sndWl1;
    /** SND.WL2: acknowledgment number of the segment that last updated the window. */
    public int sndWl2;
    /** The largest window the peer has offered (RFC 5961 5.2 MAX.SND.WND). */
    public int maxSndWnd;
    /** The peer's window scale shift. */
    public int shift;
    /** Largest segment payload we send. */
    public int mss;
    /** Most bytes the buffer holds. */
    public int capacity;
    /** Unacknowledged and unsent data. */
    public ByteQueue buffer = new ByteQueue();
    /** Whether our FIN follows the buffered data. */
    public boolean finQueued;
    /** Whether the peer acknowledged our FIN. */
    public boolean finAcked;
    /** The retransmission timeout. */
    public RttEstimator rtt;
    /** Whether a segment is being timed for an RTT sample. */
    public boolean timing;
    /** The acknowledgment number that ends the measurement. */
    public int timedSeq;
    /** When the timed segment was sent. */
    public long timedAt;
    /** Duplicate ACKs in a row. */
    public int dupAcks;
    /** Whether in fast recovery. */
    public boolean inRecovery;
    /** NewReno's {@code recover}: SND.MAX when recovery (or the last timeout) began. */
    public int recover;
    /** The congestion window's owner. */
    public CongestionControl cc;
    /** Expirations of the retransmission timer since the last progress. */
    public int retries;
    /** Back-off of the persist timer: the interval is the RTO doubled this many times. */
    public int persistShift;
    /** Window probes sent since the peer last answered. */
    public int probes;

    /** For Jackson. */
    public Sender() {
    }

    /**
     * Sets up the sending half before our SYN.
     *
     * @param isn    the initial sequence number
     * @param config the settings
     */
    void init(final int isn, final TcpConfig config) {
        iss = isn;
        sndUna = isn;
        sndNxt = isn;
        sndMax = isn;
        recover = isn;
        mss = config.mss();
        capacity = config.sendBuffer();
        rtt = new RttEstimator(config.initialRto().toNanos(), config.minRto().toNanos(), config.maxRto().toNanos());
        cc = config.congestionControl().create(mss);
    }

    /**
     * The peer's SYN told us its MSS (536 when absent, RFC 9293 3.7.1).
     *
     * @param peerMss the option's value, or -1
     */
    void peerMss(final int peerMss) {
        final int m = Math.max(64, Math.min(mss, peerMss < 0 ? 536 : peerMss));
        if (m != mss) {
            mss = m;
            cc.mssChanged(m);
        }
    }

    /** @return whether our SYN is acknowledged */
    boolean synAcked() {
        return sndUna != iss;
    }

    /** @return sequence number of the first buffered byte */
    int dataStart() {
        return synAcked() ? sndUna : iss + 1;
    }

    /** @return sequence number after the last buffered byte: where the FIN goes */
    int dataEnd() {
        return dataStart() + buffer.size();
    }

    /** @return free space in the send buffer */
    int free() {
        return capacity - buffer.size();
    }

    /** @return whether data or a FIN is waiting to be sent for the first time (or again, after a timeout) */
    boolean hasUnsent() {
        return SeqNum.lt(sndNxt, dataEnd()) || (finQueued && !finAcked && sndNxt == dataEnd());
    }

    /** @return whether every byte and the FIN, if queued, are acknowledged */
    boolean allAcked() {
        return buffer.size() == 0 && (!finQueued || finAcked);
    }

    // ---- output ----

    /**
     * Sends what the windows allow: the SYN if due, then segments of at most one MSS from SND.NXT,
     * then the FIN once every byte is out; then sees to the persist timer.
     *
     * @param io the message's context
     * @param c  the connection
     */
    void output(final TcpIo io, final Connection c) {
        if (c.state == TcpState.SYN_SENT || c.state == TcpState.SYN_RECEIVED) {
            if (sndNxt == iss) {
                sendSyn(io, c);
            }
            return;
        }
        if (c.state == TcpState.CLOSED || c.state == TcpState.TIME_WAIT) {
            return;
        }
        while (true) {
            final long usable = Math.min(sndWnd, cc.cwnd()) - (sndNxt - sndUna);
            final int offset = sndNxt - dataStart();
            final int avail = buffer.size() - offset;
            if (avail > 0) {
                final int len = (int) Math.min(Math.min(avail, mss), Math.max(0, usable));
                // Sender silly window avoidance (RFC 9293 3.8.6.2.1): a full segment, all that is
                // queued, or at least half the largest window the peer ever offered.
                if (len <= 0 || (len < mss && len < avail && len < maxSndWnd / 2)) {
                    break;
                }
                sendData(io, c, sndNxt, len, finQueued && len == avail);
                continue;
            }
            if (finQueued && !finAcked && sndNxt == dataEnd()) {
                sendData(io, c, sndNxt, 0, true);
            }
            break;
        }
        arrangePersist(io, c);
    }

    void sendSyn(final TcpIo io, final Connection c) {
        final boolean again = sndMax != iss;
        final int flags = c.state == TcpState.SYN_SENT ? TcpSegment.SYN : TcpSegment.SYN | TcpSegment.ACK;
        // A SYN offers scaling as configured; a SYN-ACK may only answer an offer (RFC 7323 1.3).
        final boolean offerScale = io.config().windowScaling()
            && (c.state == TcpState.SYN_SENT || c.peerOfferedScale);
        final TcpSegment.Options options = new TcpSegment.Options(io.config().mss(),
            offerScale ? io.config().windowShift() : -1, false);
        if (again) {
            io.count("retransmits");
            timing = false;
        } else {
            timing = true;
            timedSeq = iss + 1;
            timedAt = io.now();
        }
        c.transmit(io, flags, iss, new byte[0], options);
        sndNxt = iss + 1;
        sndMax = iss + 1;
        if (!c.retransmit.running()) {
            c.retransmit.start(io, c.id, TimerKind.RETRANSMIT, io.now() + rtt.rto());
        }
    }

    /** Sends {@code len} bytes from {@code seq} (and the FIN after them if {@code fin}). */
    void sendData(final TcpIo io, final Connection c, final int seq, final int len, final boolean fin) {
        final int offset = seq - dataStart();
        // The payload's one write: from the send buffer (the application's arrays, by reference)
        // into the packet's buffer, behind room for our header and the headers below.
        final PacketBuffer segment = PacketBuffer.allocate(PacketBuffer.LINK_AND_IP_HEADROOM,
            TcpSegment.MIN_HEADER_LENGTH + len);
        buffer.copyTo(offset, len, segment.array(), segment.offset() + TcpSegment.MIN_HEADER_LENGTH);
        int flags = TcpSegment.ACK;
        if (len > 0 && offset + len == buffer.size()) {
            flags |= TcpSegment.PSH;
        }
        if (fin) {
            flags |= TcpSegment.FIN;
        }
        final int end = seq + len + (fin ? 1 : 0);
        if (SeqNum.lt(seq, sndMax)) {
            io.count("retransmits");
            timing = false; // Karn: an ACK from now on may be for either copy
        } else if (!timing) {
            timing = true;
            timedSeq = end;
            timedAt = io.now();
        }
        c.transmit(io, flags, seq, segment);
        if (SeqNum.gt(end, sndNxt)) {
            sndNxt = end;
        }
        if (SeqNum.gt(end, sndMax)) {
            sndMax = end;
        }
        if (!c.retransmit.running()) {
            c.retransmit.start(io, c.id, TimerKind.RETRANSMIT, io.now() + rtt.rto());
        }
    }

    /** Retransmits the first unacknowledged segment, leaving SND.NXT alone (fast retransmit, partial ACK). */
    private void retransmitFirst(final TcpIo io, final Connection c) {
        if (!synAcked()) {
            return;
        }
        final int len = Math.min(mss, buffer.size());
        final boolean fin = finQueued && !finAcked && len == buffer.size() && sndMax == dataEnd() + 1;
        if (len > 0 || fin) {
            sendData(io, c, sndUna, len, fin);
        }
    }

    /** Starts the persist timer when data waits behind a closed window with nothing in flight; stops it otherwise. */
    void arrangePersist(final TcpIo io, final Connection c) {
        final boolean blocked = sndMax == sndUna && hasUnsent();
        if (!blocked) {
            c.persist.stop();
        } else if (!c.persist.running()) {
            c.persist.start(io, c.id, TimerKind.PERSIST, io.now() + persistInterval());
        }
    }

    long persistInterval() {
        long d = rtt.rto();
        for (int i = 0; i < persistShift && d < rtt.maxRto; i++) {
            d *= 2;
        }
        return Math.min(d, rtt.maxRto);
    }

    // ---- input ----

    /**
     * Processes the ACK field and the window of a segment in a synchronized state (RFC 9293
     * 3.10.7.4, fifth check, with the acceptable range of RFC 5961 5.2).
     *
     * @param io      the message's context
     * @param c       the connection
     * @param seg     the segment
     * @param seq     its sequence number (after a stripped SYN)
     * @return false if the ACK is outside the acceptable range: the segment is dropped and a
     *         challenge ACK has been sent
     */
    boolean processAck(final TcpIo io, final Connection c, final TcpSegment seg, final int seq) {
        final int ack = seg.acknowledgmentNumber();
        if (SeqNum.gt(ack, sndMax) || SeqNum.lt(ack, sndUna - maxSndWnd)) {
            io.count(SeqNum.gt(ack, sndMax) ? "rejected.ack-unsent" : "rejected.ack-too-old");
            Rst.challengeAck(io, c);
            return false;
        }
        final int window = seg.window() << shift;
        if (SeqNum.gt(ack, sndUna)) {
            newlyAcked(io, c, ack);
        } else if (ack == sndUna && seg.payloadLength() == 0 && !seg.has(TcpSegment.SYN)
            && !seg.has(TcpSegment.FIN) && window == sndWnd && sndMax != sndUna) {
            duplicateAck(io, c, ack);
        }
        probes = 0; // the peer is alive
        if (SeqNum.geq(ack, sndUna) && (SeqNum.lt(sndWl1, seq) || (sndWl1 == seq && SeqNum.leq(sndWl2, ack)))) {
            if (window > 0 && sndWnd == 0) {
                persistShift = 0;
            }
            if (window == 0) {
                retries = 0; // a peer that answers with a closed window is alive, not lost
            }
            sndWnd = window;
            sndWl1 = seq;
            sndWl2 = ack;
            maxSndWnd = Math.max(maxSndWnd, window);
        }
        return true;
    }

    /** Takes the window of the segment that completes the handshake. */
    void initWindow(final int window, final int seq, final int ack) {
        sndWnd = window;
        sndWl1 = seq;
        sndWl2 = ack;
        maxSndWnd = Math.max(maxSndWnd, window);
    }

    /**
     * An ACK acknowledged our SYN, data or FIN: drop what it covers, take an RTT sample if valid,
     * and run congestion control and NewReno recovery.
     *
     * @param io  the message's context
     * @param c   the connection
     * @param ack its acknowledgment number, in (SND.UNA, SND.MAX]
     */
    void newlyAcked(final TcpIo io, final Connection c, final int ack) {
        final long flightBefore = sndMax - sndUna;
        long sample = -1;
        if (timing && SeqNum.geq(ack, timedSeq)) {
            sample = io.now() - timedAt;
            rtt.sample(sample);
            timing = false;
            io.count("rtt.samples");
        }
        int acked = ack - sndUna;
        final boolean synOnly = !synAcked() && acked == 1;
        if (!synAcked()) {
            acked--;
        }
        final int data = Math.min(acked, buffer.size());
        buffer.drop(data);
        if (acked > data && finQueued) {
            finAcked = true;
        }
        sndUna = ack;
        if (SeqNum.lt(sndNxt, sndUna)) {
            sndNxt = sndUna;
        }
        retries = 0;
        if (inRecovery) {
            if (SeqNum.geq(ack, recover)) {
                inRecovery = false;
                dupAcks = 0;
                cc.onExitRecovery(sndMax - sndUna, io.now());
            } else {
                // Partial ACK (RFC 6582 3.2 step 3): the next hole is lost too; resend it at once.
                cc.onPartialAck(acked, io.now());
                retransmitFirst(io, c);
            }
        } else {
            dupAcks = 0;
            if (!synOnly && acked > 0 && acked > 2L * mss && !io.ctx().simulated()) {
                // A stretch ACK (a peer that ACKs per batch, as this tcp does in real time): grow
                // the window as the ACKs of every second segment it stands for would have.
                // Simulated runs keep one call per ACK, and so their event logs.
                for (long left = acked; left > 0; left -= 2L * mss) {
                    cc.onAck(Math.min(left, 2L * mss), sample, flightBefore, io.now());
                }
            } else if (!synOnly && acked > 0) {
                cc.onAck(acked, sample, flightBefore, io.now());
            }
        }
        if (sndUna == sndMax) {
            c.retransmit.stop();
        } else {
            c.retransmit.start(io, c.id, TimerKind.RETRANSMIT, io.now() + rtt.rto());
        }
    }

    private void duplicateAck(final TcpIo io, final Connection c, final int ack) {
        dupAcks++;
        io.count("dup-acks");
        if (inRecovery) {
            cc.onDuplicateAck(io.now());
        } else if (dupAcks == 3 && SeqNum.gt(ack, recover)) {
            // Fast retransmit (RFC 5681 3.2, RFC 6582 3.2 step 2); not again for data sent before
            // the last recovery or timeout (ack <= recover), which would be a false retransmit.
            inRecovery = true;
            recover = sndMax;
            cc.onEnterRecovery(sndMax - sndUna, io.now());
            io.count("fast-retransmits");
            retransmitFirst(io, c);
        }
    }
}
