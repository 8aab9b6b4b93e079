package dev.newt.net.sock;

import dev.newt.net.wire.Ipv4Address;
import java.util.ArrayList;

/**
 * A connection or listener of tcp that an application owns, in sock's checkpointed state; a plain
 * object with public fields for Jackson. The id is tcp's. A connection has two lanes, one for
 * sends (with shutdown and graceful close) and one for receives; each lane has at most one request
 * at tcp ({@link #sendAtTcp}, {@link #receiveAtTcp}) and the rest wait here in order.
 */
public final class StreamHandle {
    /** tcp's id of the connection or listener. */
    public int id;
    /** Whether this is a listener. */
    public boolean listener;
    /** The endpoint that owns it; only it may use it. */
    public String owner;
    /** The local port. */
    public int localPort;
    /** A connection's peer address bits (0 when not known). */
    public int remote;
    /** A connection's peer port (0 when not known). */
    public int remotePort;
    /** Whether a close was asked for: no more requests are taken. */
    public boolean closing;
    /** Correlation id of the send-lane request at tcp, or 0. */
    public long sendAtTcp;
    /** Correlation id of the receive-lane request at tcp, or 0. */
    public long receiveAtTcp;
    /** Send-lane requests waiting for their turn, oldest first. */
    public ArrayList<StreamCall> sends = new ArrayList<>();
    /** Receive-lane requests waiting for their turn, oldest first. */
    public ArrayList<StreamCall> receives = new ArrayList<>();
    /** Bytes of numbered sends taken into the send lane: the offset the next one must have. */
    public long sendOffset;
    /**
     * Sends that came ahead of an earlier one still missing, by offset, and the shutdown or close
     * that came after them; they join the send lane when the gap is filled.
     */
    public ArrayList<StreamCall> early = new ArrayList<>();

    /** For Jackson. */
    public StreamHandle() {
    }

    /**
     * @param id         tcp's id
     * @param listener   whether it is a listener
     * @param owner      the owning endpoint
     * @param localPort  the local port
     * @param remote     peer address bits, or 0
     * @param remotePort peer port, or 0
     */
    public StreamHandle(final int id, final boolean listener, final String owner, final int localPort,
                        final int remote, final int remotePort) {
        this.id = id;
        this.listener = listener;
        this.owner = owner;
        this.localPort = localPort;
        this.remote = remote;
        this.remotePort = remotePort;
    }

    /** @return {@code "connection 3 (port 49152 to 10.0.0.2:80)"} or {@code "listener 1 (port 80)"} */
    public String describe() {
        if (listener) {
            return "listener " + id + " (port " + localPort + ")";
        }
        return "connection " + id + " (port " + localPort
            + (remotePort == 0 ? "" : " to " + new Ipv4Address(remote) + ":" + remotePort) + ")";
    }
}
