package dev.newt.core.server;

/** Why an incarnation of a server starts. */
public enum StartReason {
    /** The runtime started the server for the first time. */
    FIRST_START,
    /** The supervisor restarted the server with its initial state. */
    RESTART_FRESH,
    /** The supervisor restarted the server from its last checkpoint. */
    RESTART_CHECKPOINT,
    /** The supervisor restored the last checkpoint and will replay the messages logged since. */
    RESTART_REPLAY,
    /** A live update started a new version with transferred state. */
    UPDATE
}
