package dev.newt.net.pf;

import dev.newt.net.wire.IpProtocol;

/** The protocols a rule can name. UDP and TCP carry ports; ICMP is treated as portless. */
public enum PfProtocol {
    /** User Datagram Protocol, 17. */
    UDP(IpProtocol.UDP),
    /** Transmission Control Protocol, 6. */
    TCP(IpProtocol.TCP),
    /** Internet Control Message Protocol, 1. */
    ICMP(IpProtocol.ICMP),
    /** Every protocol. */
    ANY(-1);

    private final int number;

    PfProtocol(final int number) {
        this.number = number;
    }

    /**
     * @param protocol an IP protocol number
     * @return whether a rule naming this protocol applies to it
     */
    public boolean matches(final int protocol) {
        return this == ANY || number == protocol;
    }

    /**
     * @param protocol an IP protocol number
     * @return whether its packets start with 16-bit source and destination ports (UDP and TCP)
     */
    public static boolean hasPorts(final int protocol) {
        return protocol == IpProtocol.UDP || protocol == IpProtocol.TCP;
    }

    /** @return the word of the rule text form: {@code udp}, {@code tcp}, {@code icmp} or {@code any} */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
