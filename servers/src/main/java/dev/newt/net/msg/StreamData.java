package dev.newt.net.msg;

/**
 * Reply to {@link StreamReceive}.
 *
 * @param data bytes received in order; empty at the end of the stream
 * @param eof  whether the peer closed its side and every byte before its FIN has been delivered
 */
public record StreamData(byte[] data, boolean eof) {
}
