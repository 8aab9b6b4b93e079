package dev.newt.net.tcp;

/**
 * Reno congestion control with the NewReno modification of fast recovery: slow start and
 * congestion avoidance of RFC 5681 section 3.1, fast retransmit and fast recovery of RFC 5681
 * section 3.2 with the window handling of RFC 6582 section 3.2 (partial ACKs deflate the window;
 * a full ACK sets it to {@code min(ssthresh, max(FlightSize, SMSS) + SMSS)}).
 */
public final class NewReno implements CongestionControl {
    /** The congestion window, bytes. */
    public long cwnd;
    /** The slow start threshold, bytes; "arbitrarily high" at first. */
    public long ssthresh = Integer.MAX_VALUE;
    /** The sender's maximum segment size. */
    public int mss;

    /** For Jackson. */
    public NewReno() {
    }

    /** @param mss the sender's maximum segment size; the window starts at the RFC 5681 initial window */
    public NewReno(final int mss) {
        this.mss = mss;
        this.cwnd = initialWindow(mss);
    }

    /** @param mss bytes @return the initial window of RFC 5681 section 3.1 (RFC 3390) */
    static long initialWindow(final int mss) {
        if (mss > 2190) {
            return 2L * mss;
        }
        if (mss > 1095) {
            return 3L * mss;
        }
        return 4L * mss;
    }

    @Override
    public long cwnd() {
        return cwnd;
    }

    @Override
    public long ssthresh() {
        return ssthresh;
    }

    @Override
    public void mssChanged(final int newMss) {
        // Before any data the window is still the initial one: recompute it for the real MSS.
        if (cwnd == initialWindow(mss)) {
            cwnd = initialWindow(newMss);
        }
        mss = newMss;
    }

    @Override
    public void onAck(final long bytesAcked, final long rttNanos, final long flightSize, final long now) {
        if (cwnd < ssthresh) {
            cwnd += Math.min(bytesAcked, mss); // slow start, RFC 5681 equation 2
        } else {
            cwnd += Math.max(1, (long) mss * mss / cwnd); // congestion avoidance, equation 3
        }
    }

    @Override
    public void onDuplicateAck(final long now) {
        cwnd += mss; // RFC 5681 3.2 step 4: inflate by the segment that left the network
    }

    @Override
    public void onEnterRecovery(final long flightSize, final long now) {
        ssthresh = Math.max(flightSize / 2, 2L * mss); // equation 4
        cwnd = ssthresh + 3L * mss;
    }

    @Override
    public void onPartialAck(final long bytesAcked, final long now) {
        cwnd = Math.max(mss, cwnd - bytesAcked + (bytesAcked >= mss ? mss : 0));
    }

    @Override
    public void onExitRecovery(final long flightSize, final long now) {
        cwnd = Math.min(ssthresh, Math.max(flightSize, mss) + mss);
    }

    @Override
    public void onTimeout(final long flightSize, final long now) {
        ssthresh = Math.max(flightSize / 2, 2L * mss);
        cwnd = mss; // the loss window
    }

    @Override
    public String toString() {
        return "NewReno[cwnd=" + cwnd + ", ssthresh=" + ssthresh + "]";
    }
}
