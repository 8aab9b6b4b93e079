package dev.newt.net.sock;

import dev.newt.core.server.ReplyTo;
import java.util.ArrayList;

/**
 * One bound datagram socket in sock's checkpointed state: a plain object with public fields for
 * Jackson. Received datagrams wait in {@link #queue} until asked for; receives asked for before
 * any datagram came wait in {@link #waiting}, as {@link ReplyTo}s, so that a restored sock can
 * still answer them.
 */
public final class DgramSocket {
    /** The handle the application uses. */
    public int id;
    /** The local UDP port. */
    public int port;
    /** The endpoint that bound it; only it may use the socket. */
    public String owner;
    /** Datagrams received and not yet asked for, oldest first. */
    public ArrayList<QueuedDatagram> queue = new ArrayList<>();
    /** Receives asked for and not yet answered, oldest first. */
    public ArrayList<ReplyTo> waiting = new ArrayList<>();

    /** For Jackson. */
    public DgramSocket() {
    }

    /**
     * @param id    the handle
     * @param port  the local port
     * @param owner the endpoint that bound it
     */
    public DgramSocket(final int id, final int port, final String owner) {
        this.id = id;
        this.port = port;
        this.owner = owner;
    }

    /** @return {@code "socket 3 (port 7)"}, for error messages */
    public String describe() {
        return "socket " + id + " (port " + port + ")";
    }
}
