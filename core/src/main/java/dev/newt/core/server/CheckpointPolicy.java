package dev.newt.core.server;

/**
 * When the runtime checkpoints a server's state. A checkpoint is also taken after every start,
 * so a restore always finds one.
 *
 * @param everyMessages checkpoint after this many handled messages; 0 means only on request
 * @param minorWait     how many messages in a row that changed only minor things
 *                      ({@link ServerContext#minorChange()}) a due checkpoint may wait for the next
 *                      message that changes more; 0 (the default) never waits
 */
public record CheckpointPolicy(int everyMessages, int minorWait) {

    /** Checkpoint after every message: nothing is ever lost, at the cost of a serialization each. */
    public static final CheckpointPolicy EVERY_MESSAGE = new CheckpointPolicy(1);
    /** Checkpoint only when the server asks ({@link ServerContext#checkpoint()}) and after starts. */
    public static final CheckpointPolicy ON_REQUEST = new CheckpointPolicy(0);

    /** Rejects a negative interval or wait. */
    public CheckpointPolicy {
        if (everyMessages < 0) {
            throw new IllegalArgumentException("checkpoint interval must be >= 0 messages, was " + everyMessages);
        }
        if (minorWait < 0) {
            throw new IllegalArgumentException("minor changes may wait >= 0 messages, was " + minorWait);
        }
    }

    /** @param everyMessages checkpoint after this many handled messages; 0 means only on request */
    public CheckpointPolicy(final int everyMessages) {
        this(everyMessages, 0);
    }

    /**
     * @param n messages in a row with only minor changes that a due checkpoint may wait for
     * @return this policy, whose due checkpoints wait for up to {@code n} such messages
     */
    public CheckpointPolicy withMinorWait(final int n) {
        return new CheckpointPolicy(everyMessages, n);
    }

    /**
     * @param n messages between checkpoints, at least 1
     * @return a policy that checkpoints every {@code n} messages
     */
    public static CheckpointPolicy everyMessages(final int n) {
        if (n < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 message, was " + n);
        }
        return new CheckpointPolicy(n);
    }
}
