package dev.newt.net.sock;

import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamShutdown;

/**
 * The stream requests sock relays to tcp, and the lane each travels in. Requests of one lane of a
 * connection go to tcp one at a time, in the order the application made them: so a tcp that
 * restarts and has one of them resubmitted can never see a later one first.
 */
public enum StreamOp {
    /** {@link StreamListen}: no handle yet. */
    LISTEN(Lane.NONE),
    /** {@link StreamConnect}: no handle yet. */
    CONNECT(Lane.NONE),
    /** {@link StreamAccept} on a listener: accepts are independent of each other. */
    ACCEPT(Lane.NONE),
    /** {@link StreamSend}: the send lane. */
    SEND(Lane.SEND),
    /** {@link StreamShutdown}: after every send before it. */
    SHUTDOWN(Lane.SEND),
    /** {@link StreamClose} of a connection, graceful: after every send before it. */
    CLOSE(Lane.SEND),
    /** {@link StreamClose} with abort, or of a listener: at once. */
    ABORT(Lane.NONE),
    /** {@link StreamReceive}: the receive lane. */
    RECEIVE(Lane.RECEIVE);

    /** Which queue of a connection a request waits in before going to tcp. */
    public enum Lane {
        /** Relayed at once. */
        NONE,
        /** Sends, shutdown and graceful close, in order. */
        SEND,
        /** Receives, in order. */
        RECEIVE
    }

    private final Lane lane;

    StreamOp(final Lane lane) {
        this.lane = lane;
    }

    /** @return the lane requests of this kind travel in */
    public Lane lane() {
        return lane;
    }

    /**
     * @param request a stream request's payload
     * @return its kind, or null if it is not a stream request
     */
    public static StreamOp of(final Object request) {
        if (request instanceof StreamListen) {
            return LISTEN;
        } else if (request instanceof StreamConnect) {
            return CONNECT;
        } else if (request instanceof StreamAccept) {
            return ACCEPT;
        } else if (request instanceof StreamSend) {
            return SEND;
        } else if (request instanceof StreamShutdown) {
            return SHUTDOWN;
        } else if (request instanceof StreamClose c) {
            return c.abort() ? ABORT : CLOSE;
        } else if (request instanceof StreamReceive) {
            return RECEIVE;
        }
        return null;
    }
}
