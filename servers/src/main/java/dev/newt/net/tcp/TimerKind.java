package dev.newt.net.tcp;

/** The timers of a connection. */
public enum TimerKind {
    /** Retransmission of unacknowledged data, SYN or FIN (RFC 6298). */
    RETRANSMIT,
    /** Zero-window probe (RFC 9293 3.8.6.1). */
    PERSIST,
    /** An ACK held back for a second segment to share it (RFC 9293 3.8.6.3). */
    DELAYED_ACK,
    /** The end of TIME_WAIT. */
    TIME_WAIT
}
