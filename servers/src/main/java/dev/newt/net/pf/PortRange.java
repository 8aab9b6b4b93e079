package dev.newt.net.pf;

/**
 * A port pattern of a rule: {@code low..high} inclusive. The full range 0..65535 is "any port" and
 * the only one that also matches portless packets (ICMP); a narrower range never does.
 *
 * @param low  first port, 0..65535
 * @param high last port, {@code low}..65535
 */
public record PortRange(int low, int high) {

    /** Every port, and portless packets. */
    public static final PortRange ANY = new PortRange(0, 0xFFFF);

    /** Port value that stands for "this packet has no ports". */
    public static final int NONE = -1;

    /** Validates the bounds. */
    public PortRange {
        if (low < 0 || high > 0xFFFF || low > high) {
            throw new IllegalArgumentException("port range must satisfy 0 <= low <= high <= 65535, was "
                + low + "-" + high);
        }
    }

    /** @param port one port @return a range of just it */
    public static PortRange of(final int port) {
        return new PortRange(port, port);
    }

    /**
     * @param text {@code 80} or {@code 1024-65535}
     * @return the range
     * @throws IllegalArgumentException if the text is neither
     */
    public static PortRange parse(final String text) {
        final int dash = text.indexOf('-');
        if (dash < 0) {
            return of(number(text));
        }
        return new PortRange(number(text.substring(0, dash)), number(text.substring(dash + 1)));
    }

    private static int number(final String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a port number: \"" + s + "\"");
        }
        final int p = Integer.parseInt(s);
        if (p > 0xFFFF) {
            throw new IllegalArgumentException("port " + p + " above 65535");
        }
        return p;
    }

    /** @param port a packet's port, or {@link #NONE} @return whether it is in the range */
    public boolean matches(final int port) {
        return port == NONE ? isAny() : low <= port && port <= high;
    }

    /** @return whether this is the full range */
    public boolean isAny() {
        return low == 0 && high == 0xFFFF;
    }

    /** @return the text form: {@code 80} or {@code 1024-65535} */
    @Override
    public String toString() {
        return low == high ? Integer.toString(low) : low + "-" + high;
    }
}
