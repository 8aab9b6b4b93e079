package dev.newt.net.tcp;

import dev.newt.core.server.ReplyTo;
import java.util.ArrayList;
import java.util.List;

/**
 * A passive open (the LISTEN state): a port, connections that completed their handshake and wait
 * to be accepted, and accepts that wait for a connection. A plain object for Jackson.
 */
public final class Listener {
    /** Handle, from the same space as connection ids. */
    public int id;
    /** The local port. */
    public int port;
    /** Most connections in SYN_RECEIVED or established and not yet accepted. */
    public int backlog;
    /** Established connections not yet accepted, oldest first. */
    public List<Integer> ready = new ArrayList<>();
    /** Accepts waiting for a connection, oldest first. */
    public List<ReplyTo> accepts = new ArrayList<>();

    /** For Jackson. */
    public Listener() {
    }

    /** @param id handle @param port local port @param backlog most pending connections */
    public Listener(final int id, final int port, final int backlog) {
        this.id = id;
        this.port = port;
        this.backlog = Math.max(1, backlog);
    }
}
