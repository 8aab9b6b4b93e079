package dev.newt.net.app;

/**
 * A stream server's listener in its checkpointed state: the listen or accept at sock, if any, and
 * how often it had to listen again. Driven by {@link AcceptLoop}; a plain object for Jackson.
 */
public final class ListenerState {
    /** The listen request at sock, or 0. */
    long listenCall;
    /** sock's id of the listener, or -1. */
    int listenerId = -1;
    /** The accept request at sock, or 0. */
    long acceptCall;
    /** Connections accepted. */
    long accepted;
    /** Times the listener was lost or refused and asked for again. */
    long relistens;

    /** @return connections accepted */
    public long accepted() {
        return accepted;
    }

    /** @return times the server had to listen again */
    public long relistens() {
        return relistens;
    }
}
