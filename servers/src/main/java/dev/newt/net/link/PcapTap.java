package dev.newt.net.link;

import dev.newt.net.pcap.PcapWriter;
import dev.newt.net.wire.PacketBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A capture point on a wire: every frame the wire delivers is appended to a libpcap file, as its
 * receiver sees it (after loss, corruption and duplication), stamped with the runtime clock.
 *
 * <p>A tap belongs to a wire's configuration, not to its state: it is made once, before the
 * runtime starts, and shared by every incarnation of the wire, so a capture goes on across the
 * wire's restarts. The wire closes it when the runtime closes; a wire the supervisor gave up on
 * is no longer running and cannot, so whoever made the tap may close it too (closing is idempotent).
 *
 * <p>A capture must never bring its wire down: if writing fails, the tap remembers the first
 * error, closes the file and ignores later frames; the wire counts the frames it could not
 * capture ({@code capture.errors}). Thread-safe, though one wire is its only writer.
 */
public final class PcapTap implements AutoCloseable {
    private final Path file;
    private PcapWriter writer;
    private IOException failure;
    private long captured;

    private PcapTap(final Path file, final PcapWriter writer) {
        this.file = file;
        this.writer = writer;
    }

    /**
     * Creates (or truncates) a capture file, making its directory if needed, and writes the pcap
     * global header.
     *
     * @param file where the capture goes
     * @return the tap
     * @throws IOException if the directory or file cannot be made
     */
    public static PcapTap create(final Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        final Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return new PcapTap(file, new PcapWriter(file));
    }

    /**
     * Appends one frame.
     *
     * @param timestampNanos the runtime clock when the frame was delivered
     * @param frame          the frame as delivered
     * @return whether it was written; false once the tap failed or was closed
     */
    public boolean capture(final long timestampNanos, final byte[] frame) {
        return capture(timestampNanos, PacketBuffer.wrap(frame));
    }

    /**
     * Writes one frame, read in place.
     *
     * @param timestampNanos when the frame was delivered, in nanoseconds
     * @param frame          the frame as delivered
     * @return whether it was written; false once the tap failed or was closed
     */
    public synchronized boolean capture(final long timestampNanos, final PacketBuffer frame) {
        if (writer == null) {
            return false;
        }
        try {
            writer.write(timestampNanos, frame.asByteBuffer());
            captured++;
            return true;
        } catch (IOException | IllegalArgumentException e) {
            failure = e instanceof IOException io ? io
                : new IOException("cannot capture to " + file + ": " + e.getMessage(), e);
            closeQuietly();
            return false;
        }
    }

    /** @return the capture file */
    public Path file() {
        return file;
    }

    /** @return frames written so far */
    public synchronized long captured() {
        return captured;
    }

    /** @return the error that stopped the capture, if one did */
    public synchronized Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Flushes and closes the file; later frames are ignored. Closing twice does nothing. */
    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                failure = e;
            }
            writer = null;
        }
    }

    private void closeQuietly() {
        try {
            writer.close();
        } catch (IOException ignored) {
            // The first failure is the one worth reporting.
        }
        writer = null;
    }

    @Override
    public String toString() {
        return "PcapTap[" + file + "]";
    }
}
