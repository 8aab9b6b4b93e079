package dev.newt.net.tcp;

/**
 * Sequence number arithmetic of RFC 9293 section 3.4: sequence numbers are 32-bit unsigned and
 * wrap, so they are compared by the sign of their difference modulo 2^32 ("serial number
 * arithmetic", RFC 1982), which is right as long as the two numbers are less than 2^31 apart, as
 * the window guarantees. Never compare sequence numbers with {@code <} on their int values.
 */
public final class SeqNum {
    private SeqNum() {
    }

    /** @param a a sequence number @param b another @return whether {@code a} comes before {@code b} */
    public static boolean lt(final int a, final int b) {
        return a - b < 0;
    }

    /** @param a a sequence number @param b another @return whether {@code a} is {@code b} or before it */
    public static boolean leq(final int a, final int b) {
        return a - b <= 0;
    }

    /** @param a a sequence number @param b another @return whether {@code a} comes after {@code b} */
    public static boolean gt(final int a, final int b) {
        return a - b > 0;
    }

    /** @param a a sequence number @param b another @return whether {@code a} is {@code b} or after it */
    public static boolean geq(final int a, final int b) {
        return a - b >= 0;
    }

    /**
     * @param lo the low end, inclusive
     * @param x  a sequence number
     * @param hi the high end, inclusive
     * @return whether {@code lo <= x <= hi} going forward from {@code lo} (an empty-looking range
     *         {@code lo == hi} holds just {@code lo})
     */
    public static boolean between(final int lo, final int x, final int hi) {
        return Integer.compareUnsigned(x - lo, hi - lo) <= 0;
    }

    /**
     * @param x     a sequence number
     * @param start the first number of the window
     * @param size  the window's size, 0..2^31
     * @return whether {@code start <= x < start + size}
     */
    public static boolean inWindow(final int x, final int start, final long size) {
        return Integer.toUnsignedLong(x - start) < size;
    }

    /** @param a a sequence number @param b another @return the later of the two */
    public static int max(final int a, final int b) {
        return gt(a, b) ? a : b;
    }

    /** @param a a sequence number @param b another @return the earlier of the two */
    public static int min(final int a, final int b) {
        return lt(a, b) ? a : b;
    }
}
