package dev.newt.net.wire;

/**
 * Why a received frame or packet was dropped. The decoders in this package produce the
 * format-level reasons; the rest are for the protocol servers, which drop well-formed packets by
 * policy, so that one counter table covers a whole receive path.
 */
public enum DropReason {
    /** Fewer bytes than the fixed header, or than a length field inside the header, requires. */
    TRUNCATED,
    /** An Internet checksum (IPv4 header, ICMP message, UDP datagram) did not verify. */
    BAD_CHECKSUM,
    /** IPv4 IHL below 5 (a header shorter than its 20 fixed bytes). */
    BAD_HEADER_LENGTH,
    /** IPv4 version field not 4. */
    BAD_VERSION,
    /** IPv4 total length shorter than the header, or longer than the bytes received. */
    BAD_TOTAL_LENGTH,
    /** UDP length field below 8 or beyond the bytes the IP layer delivered. */
    BAD_LENGTH,
    /**
     * Ethernet type/length field below 0x0600 (an IEEE 802.3 length, not an Ethernet II type),
     * or, from the link server, an EtherType nothing is registered for.
     */
    UNKNOWN_ETHERTYPE,
    /** ARP for a hardware or protocol other than Ethernet and IPv4, or with odd address sizes. */
    UNSUPPORTED_ADDRESS_TYPE,
    /** ARP operation neither request (1) nor reply (2). */
    UNKNOWN_OPERATION,
    /** ICMP type this stack does not model (only echo, unreachable and time exceeded are). */
    UNKNOWN_ICMP_TYPE,
    /** From the IP server: an IP protocol number nothing is registered for. */
    UNKNOWN_PROTOCOL,
    /** From the IP server: TTL ran out while forwarding. */
    TTL_EXPIRED,
    /** From the IP server: a fragment, while no reassembler is present. */
    FRAGMENTED,
    /** From a server: well-formed, but addressed to another host, port or hardware address. */
    NOT_FOR_US,
    /** From a server: no buffer or queue space left to accept it. */
    NO_BUFFER_SPACE
}
