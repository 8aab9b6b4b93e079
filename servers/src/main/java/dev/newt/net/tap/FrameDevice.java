package dev.newt.net.tap;

import java.io.IOException;
import java.time.Duration;

/**
 * What a {@link TapLink} needs of a device: whole Ethernet frames in and out, one reader and one
 * writer thread at a time. {@link TapDevice} is the real one; tests can stand in their own.
 */
public interface FrameDevice extends AutoCloseable {

    /** @return the device's name, which names the link's endpoint ({@code tap.<name>}) */
    String name();

    /** @return the largest Ethernet payload the device carries */
    int mtu();

    /**
     * @param timeout the longest wait
     * @return the next frame, or {@code null} if none came in time or the device is closed
     * @throws IOException if the device failed
     */
    byte[] read(Duration timeout) throws IOException;

    /**
     * @param frame a whole Ethernet frame
     * @return whether the device took it; false when it had no room or is closed
     * @throws IOException if the device refused it for another reason
     */
    boolean write(byte[] frame) throws IOException;

    /**
     * Writes a frame that is a range of an array, so that a caller holding a view need not copy it
     * out first. The default copies the range and calls {@link #write(byte[])}.
     *
     * @param array  the array holding the frame
     * @param offset the frame's first byte
     * @param length the frame's length
     * @return whether the device took it; false when it had no room or is closed
     * @throws IOException if the device refused it for another reason
     */
    default boolean write(final byte[] array, final int offset, final int length) throws IOException {
        return write(java.util.Arrays.copyOfRange(array, offset, offset + length));
    }

    /** Releases the device; a read or write in progress returns first. Idempotent. */
    @Override
    void close();
}
