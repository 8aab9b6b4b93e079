package dev.newt.net.app;

/**
 * The outcome of parsing the head of an HTTP message from the bytes received so far: complete
 * (with how many bytes the head took), incomplete (wait for more bytes), or malformed.
 *
 * @param value  the parsed head, or null
 * @param length bytes the head took, including its blank line; 0 unless complete
 * @param error  why the head is malformed, or null
 * @param <T>    the head type
 */
public record Parsed<T>(T value, int length, String error) {

    /** @return an incomplete parse: more bytes are needed */
    public static <T> Parsed<T> needMore() {
        return new Parsed<>(null, 0, null);
    }

    /** @param why what is wrong @return a malformed parse */
    public static <T> Parsed<T> bad(final String why) {
        return new Parsed<>(null, 0, why);
    }

    /** @param value the head @param length bytes it took @return a complete parse */
    public static <T> Parsed<T> of(final T value, final int length) {
        return new Parsed<>(value, length, null);
    }

    /** @return whether the head is complete and well formed */
    public boolean complete() {
        return value != null;
    }

    /** @return whether the head is malformed */
    public boolean malformed() {
        return error != null;
    }
}
