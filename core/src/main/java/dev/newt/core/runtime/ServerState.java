package dev.newt.core.runtime;

/** Where a server stands in its life, as the supervisor sees it. */
public enum ServerState {
    /** Waiting for its first start. */
    STARTING,
    /** Serving its mailbox. */
    RUNNING,
    /** Dead (crashed, hung and revoked, or corrupted), waiting for the supervisor to restart it. */
    FAILED,
    /** Hung in the simulated executor, not yet detected. */
    HUNG,
    /** The supervisor gave up on it: restart intensity exceeded. */
    GIVEN_UP,
    /** Stopped because the runtime closed. */
    STOPPED
}
