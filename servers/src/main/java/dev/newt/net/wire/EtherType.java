package dev.newt.net.wire;

/** The EtherType values this stack speaks, and the Ethernet II / IEEE 802.3 boundary. */
public final class EtherType {
    /** Internet Protocol version 4. */
    public static final int IPV4 = 0x0800;
    /** Address Resolution Protocol. */
    public static final int ARP = 0x0806;
    /**
     * Smallest EtherType. Values up to 1500 in the same field are IEEE 802.3 payload lengths and
     * 1501..1535 are undefined, so a field below this is not an Ethernet II frame.
     */
    public static final int MIN_ETHERTYPE = 0x0600;

    private EtherType() {
    }
}
