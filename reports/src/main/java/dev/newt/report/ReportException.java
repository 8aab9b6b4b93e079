package dev.newt.report;

/** No report can be written: the message says why, naming the directory or file, for people to read. */
public final class ReportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where @param cause the underlying failure */
    public ReportException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
