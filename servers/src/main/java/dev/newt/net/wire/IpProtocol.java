package dev.newt.net.wire;

/** IPv4 protocol numbers (the IANA "Assigned Internet Protocol Numbers") this stack uses. */
public final class IpProtocol {
    /** Internet Control Message Protocol. */
    public static final int ICMP = 1;
    /** Transmission Control Protocol. */
    public static final int TCP = 6;
    /** User Datagram Protocol. */
    public static final int UDP = 17;

    private IpProtocol() {
    }
}
