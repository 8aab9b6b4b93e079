package dev.newt.net.link;

import dev.newt.net.wire.EthernetFrame;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The fixed configuration of one virtual wire between two nic servers: who is at each end, how
 * long a frame takes to cross, how fast bits go on, the largest payload it carries, and how it
 * misbehaves. Configuration, not state: every incarnation of the wire's server gets the same one.
 *
 * <p>Build one fluently; every step validates and names the wire and the field at fault:
 * <pre>{@code
 * WireConfig cfg = WireConfig.between("wire.a-b", "a.nic", "b.nic")
 *     .latency(Duration.ofMillis(1))
 *     .bandwidth(10_000_000)
 *     .loss(0.01)
 *     .reorder(0.05, Duration.ofMillis(2));
 * }</pre>
 *
 * @param name                   the wire's server name, such as {@code wire.a-b}
 * @param endA                   server name of the nic at one end
 * @param endB                   server name of the nic at the other end
 * @param latency                propagation delay, zero or more
 * @param bandwidthBitsPerSecond how fast a frame's bits go on the wire; 0 for unlimited
 *                               (no serialization time)
 * @param mtu                    largest Ethernet payload carried (the frame minus its 14-byte
 *                               header); a larger frame is dropped and counted
 *                               {@code drop.oversize}
 * @param loss                   probability in [0, 1] that a frame is lost
 * @param duplicate              probability in [0, 1] that a frame arrives twice
 * @param reorder                probability in [0, 1] that a frame is held back by
 *                               {@code reorderDelay}, so that later frames overtake it
 * @param reorderDelay           the extra delay of a reordered frame; positive when
 *                               {@code reorder > 0}
 * @param corrupt                probability in [0, 1] that one random bit of a frame is flipped
 * @param capture                where delivered frames are captured, if anywhere
 */
public record WireConfig(String name, String endA, String endB, Duration latency, long bandwidthBitsPerSecond,
                         int mtu, double loss, double duplicate, double reorder, Duration reorderDelay,
                         double corrupt, Optional<PcapTap> capture) {

    /** Standard Ethernet MTU. */
    public static final int DEFAULT_MTU = 1500;
    /** Smallest MTU accepted: the least an IPv4 link must carry (RFC 791). */
    public static final int MIN_MTU = 68;
    /** Largest MTU accepted: a frame must still fit the 65535-byte pcap snaplen and IPv4 length. */
    public static final int MAX_MTU = 65535 - EthernetFrame.HEADER_LENGTH;

    /** Longest frame {@link #serializationNanos} times, far beyond any MTU, so its arithmetic cannot overflow. */
    private static final int MAX_FRAME_FOR_TIMING = 1 << 24;

    /** Validates every field, naming the wire and the field. */
    public WireConfig {
        requireName(name, "name", name);
        requireName(name, "endA", endA);
        requireName(name, "endB", endB);
        if (endA.equals(endB)) {
            throw new IllegalArgumentException(wire(name) + "endA and endB must differ, both are '" + endA + "'");
        }
        if (endA.equals(name) || endB.equals(name)) {
            throw new IllegalArgumentException(wire(name) + "an end cannot be the wire itself");
        }
        Objects.requireNonNull(latency, () -> wire(name) + "latency is required");
        if (latency.isNegative()) {
            throw new IllegalArgumentException(wire(name) + "latency must be >= 0, was " + latency);
        }
        if (bandwidthBitsPerSecond < 0) {
            throw new IllegalArgumentException(wire(name) + "bandwidthBitsPerSecond must be >= 0 (0: unlimited), was "
                + bandwidthBitsPerSecond);
        }
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException(wire(name) + "mtu must be " + MIN_MTU + ".." + MAX_MTU + ", was " + mtu);
        }
        requireProbability(name, "loss", loss);
        requireProbability(name, "duplicate", duplicate);
        requireProbability(name, "reorder", reorder);
        requireProbability(name, "corrupt", corrupt);
        Objects.requireNonNull(reorderDelay, () -> wire(name) + "reorderDelay is required");
        if (reorderDelay.isNegative()) {
            throw new IllegalArgumentException(wire(name) + "reorderDelay must be >= 0, was " + reorderDelay);
        }
        if (reorder > 0 && reorderDelay.isZero()) {
            throw new IllegalArgumentException(wire(name) + "reorderDelay must be positive when reorder is "
                + reorder + ", or nothing would be reordered");
        }
        Objects.requireNonNull(capture, () -> wire(name) + "capture is required (Optional.empty() for none)");
    }

    /**
     * A perfect wire: no latency, unlimited bandwidth, MTU 1500, no impairments, no capture.
     *
     * @param name the wire's server name
     * @param endA one nic's server name
     * @param endB the other nic's server name
     * @return the configuration
     * @throws IllegalArgumentException naming the wire and the bad field
     */
    public static WireConfig between(final String name, final String endA, final String endB) {
        return new WireConfig(name, endA, endB, Duration.ZERO, 0, DEFAULT_MTU, 0, 0, 0, Duration.ZERO, 0,
            Optional.empty());
    }

    /** @param d propagation delay @return a copy with it */
    public WireConfig latency(final Duration d) {
        return new WireConfig(name, endA, endB, d, bandwidthBitsPerSecond, mtu, loss, duplicate, reorder,
            reorderDelay, corrupt, capture);
    }

    /** @param bitsPerSecond bandwidth, 0 for unlimited @return a copy with it */
    public WireConfig bandwidth(final long bitsPerSecond) {
        return new WireConfig(name, endA, endB, latency, bitsPerSecond, mtu, loss, duplicate, reorder,
            reorderDelay, corrupt, capture);
    }

    /** @param bytes largest Ethernet payload @return a copy with it */
    public WireConfig mtu(final int bytes) {
        return new WireConfig(name, endA, endB, latency, bandwidthBitsPerSecond, bytes, loss, duplicate, reorder,
            reorderDelay, corrupt, capture);
    }

    /** @param p probability of losing a frame @return a copy with it */
    public WireConfig loss(final double p) {
        return new WireConfig(name, endA, endB, latency, bandwidthBitsPerSecond, mtu, p, duplicate, reorder,
            reorderDelay, corrupt, capture);
    }

    /** @param p probability of delivering a frame twice @return a copy with it */
    public WireConfig duplicate(final double p) {
        return new WireConfig(name, endA, endB, latency, bandwidthBitsPerSecond, mtu, loss, p, reorder,
            reorderDelay, corrupt, capture);
    }

    /**
     * @param p     probability of holding a frame back
     * @param delay how long a held-back frame is held, on top of the latency
     * @return a copy with them
     */
    public WireConfig reorder(final double p, final Duration delay) {
        return new WireConfig(name, endA, endB, latency, bandwidthBitsPerSecond, mtu, loss, duplicate, p,
            delay, corrupt, capture);
    }

    /** @param p probability of flipping one random bit of a frame @return a copy with it */
    public WireConfig corrupt(final double p) {
        return new WireConfig(name, endA, endB, latency, bandwidthBitsPerSecond, mtu, loss, duplicate, reorder,
            reorderDelay, p, capture);
    }

    /**
     * @param tap where every delivered frame is captured; one tap per wire, closed by the wire when
     *            the runtime closes
     * @return a copy with it
     */
    public WireConfig capture(final PcapTap tap) {
        return new WireConfig(name, endA, endB, latency, bandwidthBitsPerSecond, mtu, loss, duplicate, reorder,
            reorderDelay, corrupt, Optional.of(Objects.requireNonNull(tap, () -> wire(name) + "tap is required")));
    }

    /**
     * @param from an end of this wire
     * @return the other end
     * @throws IllegalArgumentException if {@code from} is neither end
     */
    public String otherEnd(final String from) {
        if (endA.equals(from)) {
            return endB;
        }
        if (endB.equals(from)) {
            return endA;
        }
        throw new IllegalArgumentException(wire(name) + "'" + from + "' is not an end of it");
    }

    /**
     * @param frameLength bytes of a frame, 0..16 MiB
     * @return nanoseconds its bits take to go on the wire, rounded up; 0 at unlimited bandwidth
     * @throws IllegalArgumentException if the length is out of range
     */
    public long serializationNanos(final int frameLength) {
        if (frameLength < 0 || frameLength > MAX_FRAME_FOR_TIMING) {
            throw new IllegalArgumentException(wire(name) + "frame length " + frameLength + " out of 0.."
                + MAX_FRAME_FOR_TIMING);
        }
        if (bandwidthBitsPerSecond == 0) {
            return 0;
        }
        // At most 2^24 * 8 * 1e9 < 2^61: the product cannot overflow.
        final long bitNanos = frameLength * 8L * 1_000_000_000L;
        return (bitNanos + bandwidthBitsPerSecond - 1) / bandwidthBitsPerSecond;
    }

    private static String wire(final String name) {
        return "wire '" + name + "': ";
    }

    private static void requireName(final String wire, final String field, final String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(wire(wire) + field + " is required");
        }
    }

    private static void requireProbability(final String wire, final String field, final double p) {
        if (!(p >= 0 && p <= 1)) { // also rejects NaN
            throw new IllegalArgumentException(wire(wire) + field + " must be a probability in [0, 1], was " + p);
        }
    }
}
