package dev.newt.net.pf;

/**
 * The way a packet crosses the filter: {@link #IN} from ip to a transport, {@link #OUT} from a
 * transport to ip. Rules may name {@link #ANY} to match both.
 */
public enum PfDirection {
    /** Received: an {@code IpInbound} from ip. */
    IN,
    /** Sent: an {@code IpOutbound} from a transport. */
    OUT,
    /** Either way; only in rules. */
    ANY;

    /**
     * @param packet the direction of a packet, {@link #IN} or {@link #OUT}
     * @return whether a rule with this direction applies to it
     */
    public boolean matches(final PfDirection packet) {
        return this == ANY || this == packet;
    }

    /** @return the word of the rule text form: {@code in}, {@code out} or {@code any} */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
