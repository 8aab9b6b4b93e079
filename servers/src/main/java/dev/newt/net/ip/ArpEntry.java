package dev.newt.net.ip;

/**
 * One ARP cache entry, part of the checkpointed state: a plain class Jackson reads by its fields.
 */
final class ArpEntry {
    /** The hardware address, as {@link dev.newt.net.wire.MacAddress#bits()}. */
    long mac;
    /** Runtime clock (ns) from which the entry is no longer used. */
    long expiresAt;

    /** For Jackson. */
    ArpEntry() {
    }

    /** @param mac hardware address bits @param expiresAt when it stops being used, runtime ns */
    ArpEntry(final long mac, final long expiresAt) {
        this.mac = mac;
        this.expiresAt = expiresAt;
    }
}
