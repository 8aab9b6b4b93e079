package dev.newt.net.ip;

import dev.newt.net.stats.Counters;
import dev.newt.net.wire.DropReason;

/**
 * The names of the counters an {@link IpServer} reports in its {@link dev.newt.net.msg.Stats}.
 *
 * <p>{@code drop.<REASON>} counts received frames dropped, one per frame, per {@link DropReason}
 * (and {@code drop.NO_BUFFER_SPACE} outgoing packets refused because an ARP queue was full), so
 * that the {@code drop.*} counters of the receive path add up to the frames rejected. Outgoing
 * packets refused by policy are counted under {@code out.drop.*}.
 */
public final class IpCounters {
    /** Frames received from nic. */
    public static final String FRAMES_IN = "frames.in";
    /** Frames handed to nic. */
    public static final String FRAMES_OUT = "frames.out";
    /** IPv4 datagrams received that decoded (before the address and policy checks). */
    public static final String PACKETS_IN = "packets.in";
    /** IPv4 datagrams built for sending (some may still wait for, or die in, ARP resolution). */
    public static final String PACKETS_OUT = "packets.out";
    /** Datagrams delivered up to pf as {@code IpInbound}. */
    public static final String PACKETS_DELIVERED = "packets.delivered";
    /** ARP requests received (any target). */
    public static final String ARP_REQUESTS_IN = "arp.requests.in";
    /** ARP replies received (any target). */
    public static final String ARP_REPLIES_IN = "arp.replies.in";
    /** ARP requests sent, retries included. */
    public static final String ARP_REQUESTS_OUT = "arp.requests.out";
    /** ARP replies sent. */
    public static final String ARP_REPLIES_OUT = "arp.replies.out";
    /** Unexpired ARP cache entries (computed when asked). */
    public static final String ARP_CACHE_SIZE = "arp.cache.size";
    /** Addresses being resolved (computed when asked). */
    public static final String ARP_PENDING = "arp.pending";
    /** Packets waiting for a resolution (computed when asked). */
    public static final String ARP_QUEUED = "arp.queued";
    /** Queued packets dropped because their next hop never answered ARP. */
    public static final String ARP_UNRESOLVED = "arp.unresolved";
    /** Resolutions given up after the last retry. */
    public static final String ARP_TIMEOUTS = "arp.timeouts";
    /** Entries pushed out of a full ARP cache. */
    public static final String ARP_EVICTIONS = "arp.evictions";
    /** Echo requests received for us. */
    public static final String ECHO_REQUESTS_IN = "icmp.echo.requests.in";
    /** Echo replies sent. */
    public static final String ECHO_REPLIES_OUT = "icmp.echo.replies.out";
    /** Echo requests sent for {@code PingRequest}s. */
    public static final String ECHO_REQUESTS_OUT = "icmp.echo.requests.out";
    /** Echo replies received. */
    public static final String ECHO_REPLIES_IN = "icmp.echo.replies.in";
    /** Echo requests not answered: sent to a broadcast address or from a non-unicast source. */
    public static final String ECHO_IGNORED = "icmp.echo.ignored";
    /** ICMP errors not sent because RFC 1122 forbids them (about broadcasts, ICMP errors, ...). */
    public static final String ICMP_ERRORS_SUPPRESSED = "icmp.errors.suppressed";
    /** {@code IcmpError} requests refused: bad type, or an offending packet that does not decode. */
    public static final String ICMP_ERRORS_REJECTED = "icmp.errors.rejected";
    /** {@code PingRequest}s refused: missing fields or identifier/sequence out of range. */
    public static final String PING_REJECTED = "ping.rejected";
    /** Outgoing payloads larger than the MTU allows (no fragmentation). */
    public static final String OUT_TOO_BIG = "out.drop.too-big";
    /** Outgoing datagrams to an off-link destination with no gateway. */
    public static final String OUT_NO_ROUTE = "out.drop.no-route";
    /** Outgoing datagrams with a source address that is not ours. */
    public static final String OUT_BAD_SOURCE = "out.drop.bad-source";
    /** Outgoing datagrams to 0.0.0.0, multicast, loopback or our own address (no loopback path). */
    public static final String OUT_BAD_DESTINATION = "out.drop.bad-destination";
    /** {@code IpOutbound} messages with missing fields or a protocol out of 0..255. */
    public static final String OUT_MALFORMED = "out.drop.malformed";
    /** Sends refused because the receiver's mailbox was full. */
    public static final String SEND_REJECTED = "send.rejected";
    /** Messages of a type ip does not handle. */
    public static final String UNEXPECTED = "unexpected.messages";

    private static final String DROP_PREFIX = "drop.";

    private IpCounters() {
    }

    /** @param reason a drop reason @return its counter, {@code drop.<REASON>} */
    public static String drop(final DropReason reason) {
        return Counters.dropName(reason);
    }

    /** @param name a counter name @return whether it is a {@code drop.<REASON>} counter */
    public static boolean isDrop(final String name) {
        return name.startsWith(DROP_PREFIX);
    }

    /** @param type an ICMP type @return the counter of ICMP errors of that type received */
    public static String icmpErrorsIn(final int type) {
        return "icmp.errors.in.type" + type;
    }

    /** @param type an ICMP type @return the counter of ICMP errors of that type sent */
    public static String icmpErrorsOut(final int type) {
        return "icmp.errors.out.type" + type;
    }
}
