package dev.newt.core.image;

/**
 * A class of a server image could not be found, transformed, defined or instantiated. The message
 * names the image and the class.
 */
public final class ImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the image and the class
     * @param cause   the underlying error, or {@code null}
     */
    public ImageException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
