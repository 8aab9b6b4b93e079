package dev.newt.core.store;

/** A state could not be serialized or restored. */
public final class StateCodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the server @param cause the underlying error */
    public StateCodecException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
