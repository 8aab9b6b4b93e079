package dev.newt.results;

/** A results directory that cannot be read: the message names the file and, when known, the line. */
public final class ResultsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where */
    public ResultsException(final String message) {
        super(message);
    }

    /** @param message what is wrong and where @param cause the underlying failure */
    public ResultsException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
