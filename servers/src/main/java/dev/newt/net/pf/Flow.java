package dev.newt.net.pf;

/**
 * One tracked flow, as the filter keeps it in its checkpointed state: a plain object with public
 * fields for Jackson. Ports are {@link PortRange#NONE} for a portless protocol.
 */
public final class Flow {
    /** IP protocol number. */
    public int protocol;
    /** This host's address, dotted quad. */
    public String localAddress;
    /** This host's port. */
    public int localPort;
    /** The peer's address, dotted quad. */
    public String remoteAddress;
    /** The peer's port. */
    public int remotePort;
    /** Runtime clock when the flow was created, in nanoseconds. */
    public long created;
    /** Runtime clock of its last packet, in nanoseconds. */
    public long lastSeen;

    /** For Jackson. */
    public Flow() {
    }

    /**
     * @param protocol      IP protocol number
     * @param localAddress  this host's address
     * @param localPort     this host's port
     * @param remoteAddress the peer's address
     * @param remotePort    the peer's port
     * @param now           runtime clock
     */
    public Flow(final int protocol, final String localAddress, final int localPort, final String remoteAddress,
                final int remotePort, final long now) {
        this.protocol = protocol;
        this.localAddress = localAddress;
        this.localPort = localPort;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.created = now;
        this.lastSeen = now;
    }

    /**
     * The key of a flow in the table, the same whichever way its packets go.
     *
     * @param protocol      IP protocol number
     * @param localAddress  this host's address
     * @param localPort     this host's port
     * @param remoteAddress the peer's address
     * @param remotePort    the peer's port
     * @return {@code "17 10.0.0.1:49152 > 10.0.0.2:7"}
     */
    public static String key(final int protocol, final String localAddress, final int localPort,
                             final String remoteAddress, final int remotePort) {
        return protocol + " " + localAddress + ":" + localPort + " > " + remoteAddress + ":" + remotePort;
    }

    /** @return this flow's key */
    public String key() {
        return key(protocol, localAddress, localPort, remoteAddress, remotePort);
    }

    /**
     * Whether {@code k} is this flow's key, as {@code k.equals(key())} says, without building the
     * key: pf's audit asks it of 64 flows per checkpoint, where building each key (a string
     * concatenation of five fields) was most of the audit's cost.
     *
     * @param k a key the table files this flow under
     * @return whether it equals {@link #key()}
     */
    public boolean hasKey(final String k) {
        int at = matchInt(k, 0, protocol);
        at = matchText(k, at, " ");
        at = matchText(k, at, localAddress);
        at = matchText(k, at, ":");
        at = matchInt(k, at, localPort);
        at = matchText(k, at, " > ");
        at = matchText(k, at, remoteAddress);
        at = matchText(k, at, ":");
        at = matchInt(k, at, remotePort);
        return at == k.length();
    }

    /** @return the index after {@code text} if {@code k} has it at {@code at}; else -1 */
    private static int matchText(final String k, final int at, final String text) {
        if (at < 0) {
            return -1;
        }
        final String t = String.valueOf(text);
        return k.startsWith(t, at) ? at + t.length() : -1;
    }

    /**
     * @return the index after {@code Integer.toString(value)} if {@code k} has it at {@code at}; else -1.
     *         Parses the digits there rather than printing {@code value} (multiplications, no
     *         divisions); in a key a number is always followed by a non-digit or the end.
     */
    private static int matchInt(final String k, final int at, final int value) {
        if (at < 0) {
            return -1;
        }
        int i = at;
        final boolean negative = i < k.length() && k.charAt(i) == '-';
        if (negative) {
            i++;
        }
        final int first = i;
        long magnitude = 0;
        while (i < k.length() && i - first <= 10) {
            final char c = k.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            magnitude = magnitude * 10 + (c - '0');
            i++;
        }
        final int digits = i - first;
        // Integer.toString writes no leading zero (but "0" itself) and no "-0".
        if (digits == 0 || digits > 10 || (digits > 1 && k.charAt(first) == '0') || (negative && magnitude == 0)) {
            return -1;
        }
        return (negative ? -magnitude : magnitude) == value ? i : -1;
    }

    @Override
    public String toString() {
        return "Flow[" + key() + ", lastSeen=" + lastSeen + "]";
    }
}
