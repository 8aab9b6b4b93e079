package dev.newt.net.tcp;

/**
 * A message tcp sends itself when a connection owes an ACK for a second segment in real time: it
 * arrives after every segment already in tcp's mailbox, and then one ACK covers them all (see
 * {@code Connection.acknowledge}). One that finds the ACK sent already does nothing.
 *
 * @param connection the connection's id
 */
public record AckFlush(int connection) {
}
