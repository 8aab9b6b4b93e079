package dev.newt.net.tcp;

import dev.newt.net.wire.PacketBuffer;

/**
 * The receiving half of a connection: the receive sequence variables, the buffer of in-order data
 * the application has not read, out-of-order data waiting for a gap to fill, the window we
 * advertise, and whether an ACK is owed. A plain object with public fields for Jackson.
 *
 * <p>Besides sequence numbers, data is tracked by stream offset (bytes since the peer's first data
 * byte, a {@code long}): the out-of-order map and the FIN position are keyed by it, so they never
 * meet a wrap.
 */
public final class Receiver {
    /** The peer's initial sequence number. */
    public int irs;
    /** RCV.NXT: the next sequence number expected. */
    public int rcvNxt;
    /** Stream offset of {@link #rcvNxt} (the FIN excluded): data bytes received in order so far. */
    public long offset;
    /** The right edge of the window last advertised: the peer may send up to here. */
    public int rcvAdv;
    /** Our window scale shift (0 when the peer did not agree to scaling). */
    public int shift;
    /** Most bytes the buffer holds; also the largest window we advertise. */
    public int capacity;
    /** Segment size for the silly window rules. */
    public int mss;
    /** In-order data not yet read by the application. */
    public ByteQueue buffer = new ByteQueue();
    /** Data beyond a gap. */
    public Reassembly outOfOrder = new Reassembly();
    /** Stream offset at which the peer's FIN sits, once a FIN arrived in the window; -1 before. */
    public long finOffset = -1;
    /** Whether the FIN was reached in order (RCV.NXT is past it): the end of the stream. */
    public boolean finReceived;
    /** Whether something received is not yet acknowledged. */
    public boolean ackOwed;
    /** In-order data segments received since our last ACK, for "ACK every second segment". */
    public int unackedSegments;

    /** For Jackson. */
    public Receiver() {
    }

    /** The outcome of {@link #accept}: what the caller must do next. */
    record Arrival(boolean delivered, boolean ackNow, boolean finNow, boolean secondSegment) {
    }

    /**
     * Before the peer's SYN: the window we can offer in ours.
     *
     * @param capacity buffer size
     * @param shift    the scale shift we will offer
     * @param mss      segment size
     */
    void prepare(final int capacity, final int shift, final int mss) {
        this.capacity = capacity;
        this.shift = shift;
        this.mss = mss;
    }

    /**
     * The peer's SYN arrived.
     *
     * @param seq    its sequence number
     * @param scaled whether both sides agreed to window scaling
     */
    void synchronize(final int seq, final boolean scaled) {
        irs = seq;
        rcvNxt = seq + 1;
        if (!scaled) {
            shift = 0;
        }
        capacity = (int) Math.min(capacity, 0xFFFFL << shift);
        // The window of our SYN (an empty buffer, unscaled) may already have been used by the peer.
        rcvAdv = rcvNxt + Math.min(capacity, 0xFFFF);
    }

    /** @return RCV.WND: how far beyond RCV.NXT the peer may send, by our last advertisement */
    int window() {
        return Math.max(0, rcvAdv - rcvNxt);
    }

    /** @return buffer space left */
    int free() {
        return capacity - buffer.size();
    }

    /**
     * The window field for an outgoing segment, moving the advertised right edge. Never shrinks
     * the window (RFC 9293 3.8.6.2.2) and, to avoid the silly window syndrome, does not advertise
     * an increase smaller than {@code min(capacity / 2, mss)}.
     *
     * @param syn whether the segment carries our SYN (whose window is never scaled)
     * @return the 16-bit window field
     */
    int advertise(final boolean syn) {
        if (syn) {
            return Math.min(free(), 0xFFFF);
        }
        final int current = window();
        long target = free();
        if (target - current < swsThreshold()) {
            target = current;
        }
        final long field = Math.min(target >> shift, 0xFFFF);
        final int edge = rcvNxt + (int) (field << shift);
        if (SeqNum.gt(edge, rcvAdv)) {
            rcvAdv = edge;
        }
        return (int) field;
    }

    private int swsThreshold() {
        return Math.min(capacity / 2, mss);
    }

    /**
     * Whether reading freed so much space that the peer should be told at once rather than with
     * the next ACK: the window it knows is at most half the buffer and the new one at least twice
     * as large (Linux's rule), and the increase is not a silly one.
     *
     * @return whether to send a window update now
     */
    boolean windowUpdateDue() {
        final long known = window();
        final long now = free();
        return !finReceived && now - known >= swsThreshold() && 2 * known <= capacity && now >= 2 * known;
    }

    /**
     * RFC 9293 3.10.7.4, first check: whether a segment is acceptable. With a zero window a
     * segment exactly at RCV.NXT is let in too (its data will be cut to nothing), so that its ACK,
     * RST or FIN is still processed, as 3.10.7.4 asks ("special allowance should be made").
     *
     * @param seq    its sequence number
     * @param length its segment length (data, SYN and FIN)
     * @return whether to process it
     */
    boolean acceptable(final int seq, final int length) {
        final int wnd = window();
        if (length == 0) {
            return wnd == 0 ? seq == rcvNxt : SeqNum.inWindow(seq, rcvNxt, wnd);
        }
        if (wnd == 0) {
            return seq == rcvNxt;
        }
        return SeqNum.inWindow(seq, rcvNxt, wnd) || SeqNum.inWindow(seq + length - 1, rcvNxt, wnd);
    }

    /**
     * Takes the data and FIN of an acceptable segment: what lies before RCV.NXT or beyond the
     * window is cut off; in-order data goes to the buffer, with whatever out-of-order data it makes
     * contiguous; data beyond a gap is held; a FIN is taken when every byte before it is in.
     *
     * @param seq  sequence number of the first data byte (after any SYN)
     * @param data the data, a view kept by reference when it goes to the buffer
     * @param fin  whether the segment carries a FIN
     * @return what happened
     */
    Arrival accept(final int seq, final PacketBuffer data, final boolean fin) {
        final long rel = seq - rcvNxt; // where the data starts, relative to RCV.NXT (may be negative)
        final long endRel = rel + data.length();
        final int wnd = window();
        final long keepStart = Math.max(0, rel);
        final long keepEnd = Math.min(endRel, wnd);
        boolean ackNow = endRel > wnd || rel < 0; // cut data: tell the peer where we are
        final boolean gapBefore = !outOfOrder.empty();
        boolean delivered = false;
        boolean secondSegment = false;
        if (fin && endRel <= wnd && finOffset < 0) {
            finOffset = offset + endRel;
        }
        if (keepEnd > keepStart) {
            final int from = (int) (keepStart - rel);
            final int len = (int) (keepEnd - keepStart);
            if (keepStart == 0) {
                buffer.append(data.slice(from, len)); // by reference: the received frame's bytes
                advance(len);
                final byte[] more = outOfOrder.takeFrom(offset);
                buffer.append(more, 0, more.length);
                advance(more.length);
                delivered = true;
                unackedSegments++;
                ackNow |= gapBefore || !outOfOrder.empty();
                secondSegment = unackedSegments >= 2; // "ACK every second segment": now, or per batch
            } else {
                final byte[] part = new byte[len];
                System.arraycopy(data.array(), data.offset() + from, part, 0, len);
                outOfOrder.insert(offset + keepStart, part);
                ackNow = true; // out of order: a duplicate ACK at once (RFC 5681 4.2)
            }
        }
        boolean finNow = false;
        if (!finReceived && finOffset >= 0 && finOffset == offset) {
            finReceived = true;
            rcvNxt++;
            finNow = true;
            ackNow = true;
        }
        ackOwed = true;
        return new Arrival(delivered, ackNow, finNow, secondSegment);
    }

    private void advance(final int n) {
        rcvNxt += n;
        offset += n;
    }

    /** An ACK carrying RCV.NXT went out. */
    void acked() {
        ackOwed = false;
        unackedSegments = 0;
    }
}
