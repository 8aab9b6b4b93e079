package dev.newt.net.api;

/**
 * What {@link NewtSocket#receiveAsync} gives: bytes received in order, or the end of the stream.
 *
 * @param data the bytes, the caller's to keep; empty at the end of the stream
 * @param eof  whether the peer closed its side and every byte before has been delivered
 */
public record StreamChunk(byte[] data, boolean eof) {

    /** @return the number of bytes */
    public int length() {
        return data.length;
    }
}
