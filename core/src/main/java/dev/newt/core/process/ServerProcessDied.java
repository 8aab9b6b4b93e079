package dev.newt.core.process;

/** A server's process exited, was killed or stopped heart-beating: the incarnation it ran is dead. */
public final class ServerProcessDied extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message which process, and how it ended */
    public ServerProcessDied(final String message) {
        super(message);
    }
}
