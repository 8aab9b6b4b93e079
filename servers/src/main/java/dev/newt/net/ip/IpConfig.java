package dev.newt.net.ip;

import dev.newt.net.wire.IpProtocol;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Tuning of an {@link IpServer}: ARP timing and the bounds that keep its state small whatever the
 * network sends. Configuration, not state: the same for every incarnation, never checkpointed.
 *
 * @param arpCacheLifetime    how long a learned mapping is used after it was last confirmed
 * @param arpRetryInterval    time between ARP requests for an address that does not answer
 * @param arpRetries          requests sent after the first before giving up; the queued packets
 *                            are dropped one interval after the last one
 * @param maxQueuedPerAddress packets kept per address while it is being resolved
 * @param maxPendingAddresses addresses being resolved at once
 * @param maxArpEntries       entries in the ARP cache; when full, the one closest to expiry goes
 * @param transportProtocols  IP protocol numbers delivered up to pf; others are answered with an
 *                            ICMP protocol unreachable. ICMP (1) is ip's own and may not be listed
 */
public record IpConfig(Duration arpCacheLifetime, Duration arpRetryInterval, int arpRetries,
                       int maxQueuedPerAddress, int maxPendingAddresses, int maxArpEntries,
                       Set<Integer> transportProtocols) {

    /** 60 s cache lifetime, 1 s retry interval, 3 retries, 64 queued per address, UDP and TCP. */
    public static final IpConfig DEFAULT = new IpConfig(Duration.ofSeconds(60), Duration.ofSeconds(1), 3, 64, 64,
        512, Set.of(IpProtocol.UDP, IpProtocol.TCP));

    /** Validates every field and copies the protocol set. */
    public IpConfig {
        Objects.requireNonNull(arpCacheLifetime, "arpCacheLifetime");
        Objects.requireNonNull(arpRetryInterval, "arpRetryInterval");
        Objects.requireNonNull(transportProtocols, "transportProtocols");
        if (arpCacheLifetime.isNegative() || arpCacheLifetime.isZero()) {
            throw new IllegalArgumentException("arpCacheLifetime must be positive, was " + arpCacheLifetime);
        }
        if (arpRetryInterval.isNegative() || arpRetryInterval.isZero()) {
            throw new IllegalArgumentException("arpRetryInterval must be positive, was " + arpRetryInterval);
        }
        if (arpRetries < 0) {
            throw new IllegalArgumentException("arpRetries must be >= 0, was " + arpRetries);
        }
        if (maxQueuedPerAddress < 1 || maxPendingAddresses < 1 || maxArpEntries < 1) {
            throw new IllegalArgumentException("maxQueuedPerAddress, maxPendingAddresses and maxArpEntries must be"
                + " >= 1, were " + maxQueuedPerAddress + ", " + maxPendingAddresses + ", " + maxArpEntries);
        }
        transportProtocols = Set.copyOf(transportProtocols);
        for (final int p : transportProtocols) {
            if (p < 0 || p > 255) {
                throw new IllegalArgumentException("transport protocol must be 0..255, was " + p);
            }
            if (p == IpProtocol.ICMP) {
                throw new IllegalArgumentException("ICMP (1) is handled by ip itself, not a transport protocol");
            }
        }
    }

    /** @param lifetime ARP cache lifetime @return a copy with it */
    public IpConfig withArpCacheLifetime(final Duration lifetime) {
        return new IpConfig(lifetime, arpRetryInterval, arpRetries, maxQueuedPerAddress, maxPendingAddresses,
            maxArpEntries, transportProtocols);
    }

    /** @param interval retry interval @param retries retries after the first request @return a copy with them */
    public IpConfig withArpRetries(final Duration interval, final int retries) {
        return new IpConfig(arpCacheLifetime, interval, retries, maxQueuedPerAddress, maxPendingAddresses,
            maxArpEntries, transportProtocols);
    }

    /** @param protocols IP protocols delivered to pf @return a copy with them */
    public IpConfig withTransportProtocols(final Set<Integer> protocols) {
        return new IpConfig(arpCacheLifetime, arpRetryInterval, arpRetries, maxQueuedPerAddress, maxPendingAddresses,
            maxArpEntries, protocols);
    }
}
