package dev.newt.net.tcp;

/**
 * CUBIC congestion control (RFC 9438), delivered only in the {@code tcp-cubic} image: nothing in
 * the parent loader names it; a checkpoint names it by its binary class name, which
 * {@link CongestionControlTypes} reads back through this image's loader. Slow start as RFC 5681;
 * in congestion avoidance the window follows {@code W(t) = C (t - K)^3 + Wmax} from the last
 * reduction (section 4.2), never below the Reno-friendly estimate (section 4.3); on a loss the
 * window is multiplied by {@code beta = 0.7} (section 4.6) with fast convergence (section 4.7).
 * Fast recovery inflates and deflates the window as NewReno does (the {@link Sender} runs it).
 */
public final class Cubic implements CongestionControl {
    /** RFC 9438's C, in segments per second cubed. */
    static final double C = 0.4;
    /** RFC 9438's multiplicative decrease factor. */
    static final double BETA = 0.7;

    /** The congestion window, bytes. */
    public long cwnd;
    /** The slow start threshold, bytes. */
    public long ssthresh = Integer.MAX_VALUE;
    /** The sender's maximum segment size. */
    public int mss;
    /** The window before the last reduction, bytes. */
    public long wMax;
    /** When the current congestion avoidance epoch began (clock nanoseconds), or -1 before it does. */
    public long epochStart = -1;
    /** The window at the start of the epoch, bytes. */
    public long originWindow;
    /** The time the cubic takes to grow back to {@code wMax}, seconds. */
    public double k;
    /** The Reno-friendly window estimate, bytes. */
    public double renoEstimate;
    /** Reductions so far (losses and timeouts): for tests and stats. */
    public long reductions;

    /** For Jackson. */
    public Cubic() {
    }

    /** @param mss the sender's maximum segment size; the window starts at the RFC 5681 initial window */
    public Cubic(final int mss) {
        this.mss = mss;
        this.cwnd = initialWindow(mss);
    }

    static long initialWindow(final int mss) {
        return mss > 2190 ? 2L * mss : mss > 1095 ? 3L * mss : 4L * mss;
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
        if (cwnd == initialWindow(mss)) {
            cwnd = initialWindow(newMss);
        }
        mss = newMss;
    }

    @Override
    public void onAck(final long bytesAcked, final long rttNanos, final long flightSize, final long now) {
        if (cwnd < ssthresh) {
            cwnd += Math.min(bytesAcked, mss);
            return;
        }
        if (epochStart < 0) {
            epochStart = now;
            originWindow = Math.max(cwnd, wMax);
            k = cwnd < wMax ? Math.cbrt((wMax - cwnd) / (double) mss / C) : 0;
            renoEstimate = cwnd;
        }
        final double t = (now - epochStart) / 1e9;
        final double target = originWindow + C * Math.pow(t - k, 3) * mss;
        // Reno-friendly region (section 4.3): what Reno with beta 0.7 would have reached.
        renoEstimate += 3 * (1 - BETA) / (1 + BETA) * mss * (double) bytesAcked / cwnd;
        long next = cwnd;
        if (target > cwnd) {
            next += Math.max(1, (long) ((target - cwnd) / cwnd * Math.min(bytesAcked, mss)));
        } else {
            next += Math.max(1, (long) mss * mss / (100L * cwnd));
        }
        cwnd = Math.max(next, (long) renoEstimate);
    }

    @Override
    public void onDuplicateAck(final long now) {
        cwnd += mss;
    }

    @Override
    public void onEnterRecovery(final long flightSize, final long now) {
        reduce(flightSize);
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
        reduce(flightSize);
        cwnd = mss;
    }

    /** A loss: Wmax with fast convergence, ssthresh = beta * the window, a new epoch at the next ACK. */
    private void reduce(final long flightSize) {
        final long window = Math.max(cwnd, Math.min(flightSize, cwnd));
        wMax = window < wMax ? (long) (window * (1 + BETA) / 2) : window;
        ssthresh = Math.max((long) (window * BETA), 2L * mss);
        epochStart = -1;
        reductions++;
    }

    @Override
    public String toString() {
        return "Cubic[cwnd=" + cwnd + ", ssthresh=" + ssthresh + ", wMax=" + wMax + "]";
    }
}
