package dev.newt.net.tcp;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The fixed settings of a host's tcp, the same for every incarnation. Build from {@link #DEFAULTS}
 * with the {@code withX} methods; each validates and names the field at fault.
 *
 * @param mss                largest segment payload we accept and send, announced in our SYN; a
 *                           host's tcp caps it at its interface's MTU less 40 bytes of IPv4 and
 *                           TCP headers (1460 on Ethernet), so the default is that cap
 * @param receiveBuffer      bytes of in-order data held for the application: the most we
 *                           advertise as our window
 * @param sendBuffer         bytes of unacknowledged and unsent data held per connection; a send
 *                           waits for space beyond it
 * @param windowScaling      whether to offer the window scale option (RFC 7323)
 * @param initialRto         retransmission timeout before any RTT sample (RFC 6298: 1 s)
 * @param minRto             floor of the computed timeout
 * @param maxRto             ceiling of the timeout and of its back-off, and of the persist interval
 * @param timeWait           how long a connection stays in TIME_WAIT (2 MSL); short by default
 * @param delayedAck         the longest an ACK of in-order data waits for a second segment to
 *                           share it; zero acknowledges every segment at once
 * @param synRetries         retransmissions of a SYN or SYN-ACK before the open times out
 * @param maxRetransmissions retransmissions of data (or unanswered window probes) before the
 *                           connection is aborted as timed out
 * @param congestionControl  makes the congestion control of each new connection
 * @param fixedIsn           test hook: the initial send sequence number of every connection,
 *                           instead of a random one (to force a wrap of the sequence space)
 */
public record TcpConfig(int mss, int receiveBuffer, int sendBuffer, boolean windowScaling, Duration initialRto,
                        Duration minRto, Duration maxRto, Duration timeWait, Duration delayedAck, int synRetries,
                        int maxRetransmissions, CongestionControl.Factory congestionControl, OptionalInt fixedIsn) {

    /** Largest MSS: an IPv4 datagram of 65535 bytes less 40 bytes of headers. */
    public static final int MAX_MSS = 65495;
    /** Headers of a TCP segment without options in an IPv4 datagram without options. */
    public static final int HEADERS = 40;

    /**
     * The defaults: MSS as the interface allows, 64 KiB buffers, window scaling, RTO 1 s in
     * [200 ms, 60 s], NewReno.
     */
    public static final TcpConfig DEFAULTS = new TcpConfig(MAX_MSS, 64 * 1024, 64 * 1024, true, Duration.ofSeconds(1),
        Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMillis(40), 5, 10,
        NewReno::new, OptionalInt.empty());

    /** Largest buffer: a scaled window reaches 65535 << 14, and the checkpointed state must stay small. */
    public static final int MAX_BUFFER = 16 * 1024 * 1024;

    /** Validates every field, naming it. */
    public TcpConfig {
        if (mss < 64 || mss > MAX_MSS) {
            throw new IllegalArgumentException("tcp config: mss must be 64.." + MAX_MSS + ", was " + mss);
        }
        if (receiveBuffer < 64 || receiveBuffer > MAX_BUFFER) {
            throw new IllegalArgumentException("tcp config: receiveBuffer must be 64.." + MAX_BUFFER + ", was "
                + receiveBuffer);
        }
        if (sendBuffer < 1 || sendBuffer > MAX_BUFFER) {
            throw new IllegalArgumentException("tcp config: sendBuffer must be 1.." + MAX_BUFFER + ", was "
                + sendBuffer);
        }
        positive("initialRto", initialRto);
        positive("minRto", minRto);
        positive("maxRto", maxRto);
        positive("timeWait", timeWait);
        Objects.requireNonNull(delayedAck, "tcp config: delayedAck is required");
        if (delayedAck.isNegative()) {
            throw new IllegalArgumentException("tcp config: delayedAck must be >= 0, was " + delayedAck);
        }
        if (minRto.compareTo(maxRto) > 0) {
            throw new IllegalArgumentException("tcp config: minRto " + minRto + " exceeds maxRto " + maxRto);
        }
        if (synRetries < 0 || maxRetransmissions < 0) {
            throw new IllegalArgumentException("tcp config: synRetries and maxRetransmissions must be >= 0, were "
                + synRetries + " and " + maxRetransmissions);
        }
        Objects.requireNonNull(congestionControl, "tcp config: congestionControl is required");
        Objects.requireNonNull(fixedIsn, "tcp config: fixedIsn is required (empty for random)");
    }

    private static void positive(final String name, final Duration d) {
        Objects.requireNonNull(d, () -> "tcp config: " + name + " is required");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("tcp config: " + name + " must be positive, was " + d);
        }
    }

    /** @return the window scale shift we offer: the least that lets the receive buffer be advertised */
    public int windowShift() {
        if (!windowScaling) {
            return 0;
        }
        int shift = 0;
        while (shift < 14 && (receiveBuffer >> shift) > 0xFFFF) {
            shift++;
        }
        return shift;
    }

    /**
     * @param mtu an interface's MTU
     * @return this, with the MSS capped so that a full segment fits one datagram of that MTU
     */
    public TcpConfig forMtu(final int mtu) {
        return mss + HEADERS <= mtu ? this : withMss(Math.max(64, mtu - HEADERS));
    }

    /** @param v bytes @return a copy */
    public TcpConfig withMss(final int v) {
        return new TcpConfig(v, receiveBuffer, sendBuffer, windowScaling, initialRto, minRto, maxRto, timeWait,
            delayedAck, synRetries, maxRetransmissions, congestionControl, fixedIsn);
    }

    /** @param v bytes @return a copy */
    public TcpConfig withReceiveBuffer(final int v) {
        return new TcpConfig(mss, v, sendBuffer, windowScaling, initialRto, minRto, maxRto, timeWait,
            delayedAck, synRetries, maxRetransmissions, congestionControl, fixedIsn);
    }

    /** @param v bytes @return a copy */
    public TcpConfig withSendBuffer(final int v) {
        return new TcpConfig(mss, receiveBuffer, v, windowScaling, initialRto, minRto, maxRto, timeWait,
            delayedAck, synRetries, maxRetransmissions, congestionControl, fixedIsn);
    }

    /** @param v whether to offer window scaling @return a copy */
    public TcpConfig withWindowScaling(final boolean v) {
        return new TcpConfig(mss, receiveBuffer, sendBuffer, v, initialRto, minRto, maxRto, timeWait,
            delayedAck, synRetries, maxRetransmissions, congestionControl, fixedIsn);
    }

    /** @param initial before samples @param min floor @param max ceiling @return a copy */
    public TcpConfig withRto(final Duration initial, final Duration min, final Duration max) {
        return new TcpConfig(mss, receiveBuffer, sendBuffer, windowScaling, initial, min, max, timeWait,
            delayedAck, synRetries, maxRetransmissions, congestionControl, fixedIsn);
    }

    /** @param v TIME_WAIT duration @return a copy */
    public TcpConfig withTimeWait(final Duration v) {
        return new TcpConfig(mss, receiveBuffer, sendBuffer, windowScaling, initialRto, minRto, maxRto, v,
            delayedAck, synRetries, maxRetransmissions, congestionControl, fixedIsn);
    }

    /** @param v delayed ACK timeout, zero for none @return a copy */
    public TcpConfig withDelayedAck(final Duration v) {
        return new TcpConfig(mss, receiveBuffer, sendBuffer, windowScaling, initialRto, minRto, maxRto, timeWait,
            v, synRetries, maxRetransmissions, congestionControl, fixedIsn);
    }

    /** @param syn SYN retransmissions @param data data retransmissions @return a copy */
    public TcpConfig withRetries(final int syn, final int data) {
        return new TcpConfig(mss, receiveBuffer, sendBuffer, windowScaling, initialRto, minRto, maxRto, timeWait,
            delayedAck, syn, data, congestionControl, fixedIsn);
    }

    /** @param v the congestion control factory @return a copy */
    public TcpConfig withCongestionControl(final CongestionControl.Factory v) {
        return new TcpConfig(mss, receiveBuffer, sendBuffer, windowScaling, initialRto, minRto, maxRto, timeWait,
            delayedAck, synRetries, maxRetransmissions, v, fixedIsn);
    }

    /** @param isn the initial sequence number of every connection (a test hook) @return a copy */
    public TcpConfig withFixedIsn(final int isn) {
        return new TcpConfig(mss, receiveBuffer, sendBuffer, windowScaling, initialRto, minRto, maxRto, timeWait,
            delayedAck, synRetries, maxRetransmissions, congestionControl, OptionalInt.of(isn));
    }
}
