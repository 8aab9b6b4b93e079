/**
 * The IP server: IPv4, ARP and ICMP for a host with one Ethernet interface, between its nic and
 * its packet filter ({@link dev.newt.net.ip.IpServer}).
 *
 * <p>What it does:
 * <ul>
 *   <li>ARP (RFC 826): answers requests for its address, learns by RFC 826's merge rule, expires
 *       entries after a lifetime, resolves next hops with retries, queueing a bounded number of
 *       datagrams per address meanwhile;</li>
 *   <li>IPv4 input (RFC 791): validates datagrams, accepts those for its address, its subnet's
 *       broadcast and 255.255.255.255, delivers UDP and TCP (configurable) to pf as
 *       {@link dev.newt.net.msg.IpInbound};</li>
 *   <li>IPv4 output: datagrams from pf, TTL 64, to a neighbour directly or through the default
 *       gateway, broadcasts to the broadcast hardware address;</li>
 *   <li>ICMP (RFC 792): echo replies, pings on behalf of any endpoint, protocol unreachable, and
 *       the errors transports ask for (port unreachable), within RFC 1122's rules on when not to
 *       send errors; received errors are counted per type.</li>
 * </ul>
 *
 * <p>What it does not do: forward (datagrams for other hosts are dropped, so TTL is only checked
 * for 0 on arrival); fragment (payloads over 1480 bytes are dropped) or reassemble (fragments are
 * dropped and counted as {@code FRAGMENTED}); loop datagrams back to its own address; multicast or
 * IP options (received options are ignored, none are sent); pass received ICMP errors up to the
 * transports; send ICMP host unreachable when ARP fails; rate-limit ICMP.
 */
package dev.newt.net.ip;
