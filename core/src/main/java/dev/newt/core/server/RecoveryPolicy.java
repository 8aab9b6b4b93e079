package dev.newt.core.server;

/** How the supervisor rebuilds a server's state when it restarts it. */
public enum RecoveryPolicy {
    /** Restart with the initial state: everything the server knew is lost. */
    FRESH("fresh"),
    /** Restore the last checkpoint: what happened since it is lost. */
    CHECKPOINT("checkpoint"),
    /**
     * Restore the last checkpoint, then replay the messages handled since, skipping the one being
     * handled when the server failed. Sends, replies and timers of the replay are suppressed:
     * the dead incarnation already made them.
     */
    CHECKPOINT_REPLAY("checkpoint+replay");

    private final String label;

    RecoveryPolicy(final String label) {
        this.label = label;
    }

    /** @return the name used in campaign files and events */
    public String label() {
        return label;
    }

    /**
     * @param label a name as written in campaign files: {@code fresh}, {@code checkpoint} or
     *              {@code checkpoint+replay}
     * @return the policy
     * @throws IllegalArgumentException naming the label and the valid ones
     */
    public static RecoveryPolicy fromLabel(final String label) {
        for (RecoveryPolicy p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown recovery policy '" + label
            + "'; valid: fresh, checkpoint, checkpoint+replay");
    }
}
