package dev.newt.core.process;

/**
 * A handler of a process-isolated server threw in its process; the message says what it threw
 * (class and message), as a crash in the runtime's JVM would. The process itself lives on.
 */
public final class IsolatedServerFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param thrown the class the handler threw @param message its message */
    public IsolatedServerFailed(final String thrown, final String message) {
        super(thrown + ": " + message);
    }
}
