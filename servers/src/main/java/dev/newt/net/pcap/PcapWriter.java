package dev.newt.net.pcap;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes Ethernet frames to a classic libpcap file: magic 0xa1b2c3d4, version 2.4, snaplen 65535,
 * link type 1 (Ethernet), microsecond timestamps.
 *
 * <p>The file is written big-endian (it starts a1 b2 c3 d4). The format lets the writer choose
 * its byte order and readers detect it from the magic; a fixed one makes our files identical on
 * every platform, and network order matches the frames inside.
 *
 * <p>Timestamps come from the caller, in nanoseconds, so a simulated clock gives reproducible
 * files; they are cut to microseconds. Not thread-safe: one link, one writer.
 */
public final class PcapWriter implements AutoCloseable {
    private final DataOutputStream out;
    private boolean closed;

    /**
     * Creates or truncates {@code file} and writes the global header. The parent directory must exist.
     *
     * @param file the capture file
     * @throws IOException if it cannot be created or written
     */
    public PcapWriter(final Path file) throws IOException {
        this(Files.newOutputStream(file));
    }

    /**
     * Writes the global header to {@code out}, which this writer then owns and closes.
     *
     * @param out destination
     * @throws IOException if it cannot be written
     */
    public PcapWriter(final OutputStream out) throws IOException {
        this.out = new DataOutputStream(new BufferedOutputStream(Objects.requireNonNull(out, "out")));
        this.out.writeInt(PcapFormat.MAGIC_MICROS);
        this.out.writeShort(PcapFormat.VERSION_MAJOR);
        this.out.writeShort(PcapFormat.VERSION_MINOR);
        this.out.writeInt(0); // thiszone: timestamps are UTC (or whatever the caller's clock counts)
        this.out.writeInt(0); // sigfigs: always 0 in practice
        this.out.writeInt(PcapFormat.SNAPLEN);
        this.out.writeInt(PcapFormat.LINKTYPE_ETHERNET);
    }

    /**
     * Appends one frame; bytes beyond the snaplen (65535) are cut off, the record keeping the full length.
     *
     * @param timestampNanos capture time, nanoseconds since the epoch, from 0 up to 2^32 seconds
     * @param frame          the frame from destination MAC address on, without FCS
     * @throws IOException if writing fails
     */
    public void write(final long timestampNanos, final byte[] frame) throws IOException {
        write(timestampNanos, ByteBuffer.wrap(frame));
    }

    /**
     * Appends one frame from the buffer's remaining bytes, leaving its position alone.
     *
     * @param timestampNanos capture time, nanoseconds since the epoch, from 0 up to 2^32 seconds
     * @param frame          the frame
     * @throws IOException if writing fails
     */
    public void write(final long timestampNanos, final ByteBuffer frame) throws IOException {
        if (closed) {
            throw new IOException("pcap writer is closed");
        }
        final long seconds = Math.floorDiv(timestampNanos, 1_000_000_000L);
        if (timestampNanos < 0 || seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("timestamp " + timestampNanos
                    + " ns does not fit pcap's unsigned 32-bit seconds");
        }
        final int micros = (int) (Math.floorMod(timestampNanos, 1_000_000_000L) / 1000);
        final int original = frame.remaining();
        final int captured = Math.min(original, PcapFormat.SNAPLEN);
        out.writeInt((int) seconds);
        out.writeInt(micros);
        out.writeInt(captured);
        out.writeInt(original);
        if (frame.hasArray()) {
            out.write(frame.array(), frame.arrayOffset() + frame.position(), captured);
        } else {
            final byte[] copy = new byte[captured];
            frame.duplicate().get(copy);
            out.write(copy);
        }
    }

    /**
     * Pushes buffered records to the file, so a reader sees them while the writer stays open.
     *
     * @throws IOException if writing fails
     */
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes and closes the file; closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close(); // flushes the buffer first
        }
    }
}
