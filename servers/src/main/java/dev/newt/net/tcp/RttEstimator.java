package dev.newt.net.tcp;

/**
 * The retransmission timeout of RFC 6298: smoothed RTT and its variation from samples, the
 * timeout {@code SRTT + max(G, 4 RTTVAR)} clamped to [min, max], and exponential back-off on
 * expiry that lasts until the next valid sample (Karn's algorithm: the sender takes no sample from
 * an ACK of retransmitted data, so a backed-off timeout stays until new data is timed).
 */
public final class RttEstimator {
    /** Clock granularity G of RFC 6298 section 2. */
    static final long GRANULARITY_NANOS = 1_000_000L;

    /** Smoothed RTT, nanoseconds; -1 before the first sample. */
    public long srtt = -1;
    /** RTT variation, nanoseconds. */
    public long rttvar;
    /** The timeout without back-off, nanoseconds. */
    public long baseRto;
    /** How many times the timeout has doubled since the last sample. */
    public int backoff;
    /** Floor of the timeout. */
    public long minRto;
    /** Ceiling of the timeout. */
    public long maxRto;

    /** For Jackson. */
    public RttEstimator() {
    }

    /**
     * @param initial timeout before the first sample, nanoseconds
     * @param min     floor, nanoseconds
     * @param max     ceiling, nanoseconds
     */
    public RttEstimator(final long initial, final long min, final long max) {
        this.baseRto = Math.min(max, initial);
        this.minRto = min;
        this.maxRto = max;
    }

    /**
     * Takes an RTT measurement (RFC 6298 section 2.2 and 2.3) and ends any back-off.
     *
     * @param rtt nanoseconds, at least 0
     */
    public void sample(final long rtt) {
        final long r = Math.max(0, rtt);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        baseRto = Math.min(maxRto, Math.max(minRto, srtt + Math.max(GRANULARITY_NANOS, 4 * rttvar)));
        backoff = 0;
    }

    /** The timer expired: double the timeout (RFC 6298 5.5), up to the ceiling. */
    public void backOff() {
        if (rto() < maxRto) {
            backoff++;
        }
    }

    /** @return the current timeout, nanoseconds: the base doubled once per back-off, at most the ceiling */
    public long rto() {
        long r = baseRto;
        for (int i = 0; i < backoff && r < maxRto; i++) {
            r *= 2;
        }
        return Math.min(r, maxRto);
    }
}
