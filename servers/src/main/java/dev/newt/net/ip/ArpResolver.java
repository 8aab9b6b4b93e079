package dev.newt.net.ip;

import dev.newt.core.server.ServerContext;
import dev.newt.net.host.HostConfig;
import dev.newt.net.wire.ArpPacket;
import dev.newt.net.wire.Decoded;
import dev.newt.net.wire.DropReason;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.PacketBuffer;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.MacAddress;
import java.time.Duration;
import java.util.Map;

/**
 * ARP (RFC 826) for the host's one interface: answers requests for our address, keeps the cache,
 * and resolves next hops for outgoing datagrams, queueing them meanwhile.
 *
 * <p>Learning follows RFC 826's merge rule: any ARP packet refreshes the sender's entry if there
 * is one (or a resolution of it is pending), but only a packet whose target is our address
 * creates one, so that broadcast chatter between other hosts does not fill the cache. Only
 * unicast neighbours on our subnet are learned. An entry is used until {@link
 * IpConfig#arpCacheLifetime()} after it was last confirmed; an expired entry is forgotten when
 * next looked up, and the lookup starts a new resolution.
 *
 * <p>A resolution sends a broadcast request at once and again every {@link
 * IpConfig#arpRetryInterval()}, {@link IpConfig#arpRetries()} more times; one interval after the
 * last, its queued datagrams are dropped and counted ({@link IpCounters#ARP_UNRESOLVED}). No ICMP
 * host unreachable is sent for them.
 */
final class ArpResolver {
    private final HostConfig host;
    private final IpConfig config;
    private final Addressing addressing;
    private final NicPort nic;
    private final long lifetime;
    private final long retryInterval;

    /**
     * @param host       the host's configuration
     * @param config     ARP timing and bounds
     * @param addressing the host's address rules
     * @param nic        where frames go
     */
    ArpResolver(final HostConfig host, final IpConfig config, final Addressing addressing, final NicPort nic) {
        this.host = host;
        this.config = config;
        this.addressing = addressing;
        this.nic = nic;
        this.lifetime = config.arpCacheLifetime().toNanos();
        this.retryInterval = config.arpRetryInterval().toNanos();
    }

    /**
     * Handles a received ARP frame.
     *
     * @param ctx   the incarnation's context
     * @param s     the state
     * @param frame the frame, EtherType ARP, addressed to us or broadcast
     */
    void onArp(final ServerContext ctx, final IpServer.State s, final EthernetFrame frame) {
        final Decoded<ArpPacket> decoded = ArpPacket.decode(frame.payload());
        if (!decoded.isOk()) {
            s.counters.drop(decoded.reason());
            return;
        }
        final ArpPacket arp = decoded.value();
        final boolean request = arp.operation() == ArpPacket.Operation.REQUEST;
        s.counters.count(request ? IpCounters.ARP_REQUESTS_IN : IpCounters.ARP_REPLIES_IN);
        final boolean forUs = addressing.isOurs(arp.targetIp());
        learn(ctx, s, arp, forUs);
        if (!forUs) {
            s.counters.drop(DropReason.NOT_FOR_US);
            return;
        }
        if (request) {
            // Unicast to the asker, at the hardware address it gave (RFC 826).
            nic.send(ctx, s, arp.senderMac(), EtherType.ARP, ArpPacket.replyTo(arp, host.mac()).encode());
            s.counters.count(IpCounters.ARP_REPLIES_OUT);
        }
    }

    /** RFC 826's merge rule: refresh what we know; add only when the packet was meant for us. */
    private void learn(final ServerContext ctx, final IpServer.State s, final ArpPacket arp, final boolean forUs) {
        final MacAddress mac = arp.senderMac();
        if (!addressing.isNeighbour(arp.senderIp()) || mac.isMulticast() || mac.equals(MacAddress.ZERO)
            || mac.equals(host.mac())) {
            return;
        }
        final int key = arp.senderIp().bits();
        final ArpEntry known = s.arpCache.get(key);
        final long now = ctx.now();
        if (known != null) {
            known.mac = mac.bits();
            known.expiresAt = now + lifetime;
        } else if (forUs || s.arpPending.containsKey(key)) {
            makeRoom(s, now);
            s.arpCache.put(key, new ArpEntry(mac.bits(), now + lifetime));
        } else {
            return;
        }
        final ArpPending waiting = s.arpPending.remove(key);
        if (waiting != null) {
            for (final byte[] datagram : waiting.queue) {
                nic.send(ctx, s, mac, EtherType.IPV4, datagram);
            }
        }
    }

    /** Keeps the cache within its bound: forget expired entries, then the one closest to expiry. */
    private void makeRoom(final IpServer.State s, final long now) {
        if (s.arpCache.size() < config.maxArpEntries()) {
            return;
        }
        s.arpCache.values().removeIf(e -> e.expiresAt <= now);
        if (s.arpCache.size() < config.maxArpEntries()) {
            return;
        }
        Map.Entry<Integer, ArpEntry> oldest = null;
        for (final Map.Entry<Integer, ArpEntry> e : s.arpCache.entrySet()) {
            if (oldest == null || e.getValue().expiresAt < oldest.getValue().expiresAt) {
                oldest = e;
            }
        }
        s.arpCache.remove(oldest.getKey());
        s.counters.count(IpCounters.ARP_EVICTIONS);
    }

    /**
     * Sends a datagram to a neighbour: framed at once if its hardware address is known and fresh,
     * else queued while the address is resolved (or dropped as {@link DropReason#NO_BUFFER_SPACE}
     * when the queue, or the table of resolutions, is full).
     *
     * @param ctx      the incarnation's context
     * @param s        the state
     * @param nextHop  the neighbour to hand the datagram to
     * @param datagram the encoded datagram, not changed afterwards (copied into the state if queued)
     * @return whether it was framed at once from the cache, changing only counters (a minor change)
     */
    boolean sendDatagram(final ServerContext ctx, final IpServer.State s, final Ipv4Address nextHop,
                         final PacketBuffer datagram) {
        final int key = nextHop.bits();
        final long now = ctx.now();
        final ArpEntry entry = s.arpCache.get(key);
        if (entry != null) {
            if (entry.expiresAt > now) {
                nic.send(ctx, s, new MacAddress(entry.mac), EtherType.IPV4, datagram);
                return true;
            }
            s.arpCache.remove(key);
        }
        final ArpPending pending = s.arpPending.get(key);
        if (pending != null) {
            if (pending.queue.size() >= config.maxQueuedPerAddress()) {
                s.counters.drop(DropReason.NO_BUFFER_SPACE);
                return false;
            }
            pending.queue.add(datagram.toArray());
            return false;
        }
        if (s.arpPending.size() >= config.maxPendingAddresses()) {
            s.counters.drop(DropReason.NO_BUFFER_SPACE);
            return false;
        }
        final ArpPending started = new ArpPending(++s.nextResolution, now + retryInterval);
        started.queue.add(datagram.toArray());
        s.arpPending.put(key, started);
        sendRequest(ctx, s, nextHop);
        ctx.setTimer(config.arpRetryInterval(), new ArpRetry(key, started.resolution, started.requestsSent));
        return false;
    }

    /**
     * A retry timer fired: ask again, or give up and drop the queue after the last retry.
     *
     * @param ctx   the incarnation's context
     * @param s     the state
     * @param retry the timer's payload
     */
    void onRetry(final ServerContext ctx, final IpServer.State s, final ArpRetry retry) {
        final ArpPending pending = s.arpPending.get(retry.address());
        if (pending == null || pending.resolution != retry.resolution() || pending.requestsSent != retry.attempt()) {
            return; // resolved or given up since the timer was set, or its twin already acted
        }
        if (pending.requestsSent <= config.arpRetries()) {
            pending.requestsSent++;
            pending.nextAttemptAt = ctx.now() + retryInterval;
            sendRequest(ctx, s, new Ipv4Address(retry.address()));
            ctx.setTimer(config.arpRetryInterval(),
                new ArpRetry(retry.address(), pending.resolution, pending.requestsSent));
            return;
        }
        s.arpPending.remove(retry.address());
        s.counters.count(IpCounters.ARP_TIMEOUTS);
        s.counters.add(IpCounters.ARP_UNRESOLVED, pending.queue.size());
    }

    /**
     * Re-arms the retry timers of the resolutions in the state, since timers die with an
     * incarnation. An attempt already due fires at once; one further off than an interval (a
     * state from another clock) is brought back to one interval. Arming a resolution that already
     * has a timer is harmless: whichever fires second finds its attempt done and is ignored.
     *
     * @param ctx the new incarnation's context
     * @param s   the state it starts from
     */
    void rearm(final ServerContext ctx, final IpServer.State s) {
        final long now = ctx.now();
        for (final Map.Entry<Integer, ArpPending> e : s.arpPending.entrySet()) {
            final long delay = Math.max(0, Math.min(retryInterval, e.getValue().nextAttemptAt - now));
            ctx.setTimer(Duration.ofNanos(delay),
                new ArpRetry(e.getKey(), e.getValue().resolution, e.getValue().requestsSent));
        }
    }

    /**
     * @param s   the state
     * @param now the runtime clock
     * @return entries still in use
     */
    static long liveEntries(final IpServer.State s, final long now) {
        return s.arpCache.values().stream().filter(e -> e.expiresAt > now).count();
    }

    private void sendRequest(final ServerContext ctx, final IpServer.State s, final Ipv4Address target) {
        nic.send(ctx, s, MacAddress.BROADCAST, EtherType.ARP,
            ArpPacket.request(host.mac(), host.address(), target).encode());
        s.counters.count(IpCounters.ARP_REQUESTS_OUT);
    }
}
