package dev.newt.net.sock;

/** A received datagram waiting in a socket's queue; a plain object with public fields for Jackson. */
public final class QueuedDatagram {
    /** Sender address, as {@code Ipv4Address.bits()}. */
    public int source;
    /** Sender port. */
    public int sourcePort;
    /** The payload, never changed. */
    public byte[] data;

    /** For Jackson. */
    public QueuedDatagram() {
    }

    /**
     * @param source     sender address bits
     * @param sourcePort sender port
     * @param data       the payload
     */
    public QueuedDatagram(final int source, final int sourcePort, final byte[] data) {
        this.source = source;
        this.sourcePort = sourcePort;
        this.data = data;
    }
}
