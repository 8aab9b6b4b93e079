/**
 * The wire formats of the network stack: Ethernet II, ARP, IPv4, ICMP and UDP, with the Internet
 * checksum and the address types they share.
 *
 * <p>Everything here is pure: no I/O, no clocks, no shared state. Values are immutable records;
 * each format has an {@code encode} that produces bytes and a static {@code decode} that never
 * throws on bad input but returns a {@link dev.newt.net.wire.Decoded} naming the
 * {@link dev.newt.net.wire.DropReason}, so that the servers built on top can count drops per reason
 * instead of catching exceptions.
 *
 * <p>Decoding does not copy: the payload of a decoded value is a read-only view of the input
 * buffer. A caller that reuses its receive buffer must copy what it keeps. All multi-byte fields
 * are read and written in network byte order whatever the {@link java.nio.ByteOrder} of the buffer.
 */
package dev.newt.net.wire;
