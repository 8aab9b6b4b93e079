package dev.newt.net.msg;

/**
 * One Ethernet II frame (no preamble, no FCS), between a link, a nic and an ip server. The sender
 * is the envelope's sender.
 *
 * @param data the frame bytes, never changed after sending
 */
public record Frame(byte[] data) {
}
