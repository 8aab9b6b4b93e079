package dev.newt.faults;

/** The default exception of a {@code crash} fault, so that a crash event says it was injected. */
public final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the fault's message */
    public InjectedFault(final String message) {
        super(message);
    }
}
