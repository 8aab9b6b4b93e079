package dev.newt.net.tcp;

/**
 * The states of a connection (RFC 9293 section 3.3.2). LISTEN is not among them: a listener is a
 * {@link Listener}, and a connection exists from its SYN on.
 */
public enum TcpState {
    /** Our SYN sent, waiting for the peer's. */
    SYN_SENT,
    /** Both SYNs seen, waiting for the ACK of ours. */
    SYN_RECEIVED,
    /** Open in both directions. */
    ESTABLISHED,
    /** We sent (or queued) our FIN; the peer has not acknowledged it nor sent its own. */
    FIN_WAIT_1,
    /** Our FIN is acknowledged; waiting for the peer's. */
    FIN_WAIT_2,
    /** Both FINs sent, neither acknowledged yet on our side. */
    CLOSING,
    /** Both directions closed; waiting out old duplicates. */
    TIME_WAIT,
    /** The peer closed its side; we may still send. */
    CLOSE_WAIT,
    /** The peer closed first and we sent our FIN; waiting for its ACK. */
    LAST_ACK,
    /** Gone: closed, reset or timed out; kept only until its user closes the handle. */
    CLOSED;

    /** @return whether both sides' sequence numbers are known and acknowledged (after SYN_RECEIVED) */
    public boolean synchronizedState() {
        return this != SYN_SENT && this != SYN_RECEIVED && this != CLOSED;
    }

    /** @return whether data received in this state is delivered (the peer has not sent its FIN) */
    public boolean receivesData() {
        return this == ESTABLISHED || this == FIN_WAIT_1 || this == FIN_WAIT_2;
    }

    /** @return whether the user may still queue data to send in this state */
    public boolean acceptsSends() {
        return this == SYN_SENT || this == SYN_RECEIVED || this == ESTABLISHED || this == CLOSE_WAIT;
    }
}
