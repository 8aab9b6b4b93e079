package dev.newt.net.tcp;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;

/**
 * A congestion control algorithm: it owns the congestion window and the slow start threshold of
 * one connection and is told of the events that move them. The loss recovery machinery (duplicate
 * ACK counting, the NewReno {@code recover} point, which segment to retransmit) belongs to the
 * {@link Sender}; the algorithm only decides the window, so NewReno, CUBIC and others fit the same
 * callbacks.
 *
 * <p>An implementation is part of the connection's checkpointed state: a plain class with fields
 * and a no-arg constructor, serialized by Jackson under its type name ({@link CongestionControlTypes}:
 * {@code newreno} for the shared NewReno, else its binary class name, read back through the loader of
 * the image that holds it, so that an algorithm delivered only in an image restores from its
 * checkpoints).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, property = "algorithm")
@JsonTypeIdResolver(CongestionControlTypes.class)
public interface CongestionControl {

    /** Makes the algorithm of a new connection. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param mss the sender's maximum segment size, in bytes
         * @return a fresh algorithm with its initial window
         */
        CongestionControl create(int mss);
    }

    /** @return the congestion window in bytes */
    long cwnd();

    /** @return the slow start threshold in bytes */
    long ssthresh();

    /**
     * The sender's MSS became known (from the peer's SYN) or changed.
     *
     * @param mss bytes
     */
    void mssChanged(int mss);

    /**
     * An ACK acknowledged new data outside fast recovery.
     *
     * @param bytesAcked  bytes newly acknowledged
     * @param rttNanos    an RTT sample this ACK gave, or -1 (Karn's rule: none for retransmitted data)
     * @param flightSize  bytes outstanding before this ACK
     * @param now         the clock, in nanoseconds
     */
    void onAck(long bytesAcked, long rttNanos, long flightSize, long now);

    /**
     * A duplicate ACK arrived during fast recovery (each one means a segment left the network).
     *
     * @param now the clock
     */
    void onDuplicateAck(long now);

    /**
     * The third duplicate ACK: fast retransmit and entry into fast recovery.
     *
     * @param flightSize bytes outstanding
     * @param now        the clock
     */
    void onEnterRecovery(long flightSize, long now);

    /**
     * A partial ACK during fast recovery (RFC 6582): new data acknowledged, but not all that was
     * outstanding when recovery began.
     *
     * @param bytesAcked bytes newly acknowledged
     * @param now        the clock
     */
    void onPartialAck(long bytesAcked, long now);

    /**
     * A full ACK ended fast recovery.
     *
     * @param flightSize bytes still outstanding after the ACK
     * @param now        the clock
     */
    void onExitRecovery(long flightSize, long now);

    /**
     * The retransmission timer expired.
     *
     * @param flightSize bytes outstanding when it did
     * @param now        the clock
     */
    void onTimeout(long flightSize, long now);
}
