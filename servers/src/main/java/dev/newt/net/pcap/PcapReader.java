package dev.newt.net.pcap;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a classic libpcap file, either byte order, microsecond or nanosecond resolution.
 * Anything malformed (bad magic, short header, record cut short, absurd lengths or microseconds)
 * is a {@link PcapFormatException} naming the file and the byte offset. Not thread-safe.
 */
public final class PcapReader implements AutoCloseable {
    private final InputStream in;
    private final String source;
    private final ByteOrder order;
    private final boolean nanos;
    private final int snapLength;
    private final int linkType;
    private final int versionMajor;
    private final int versionMinor;
    private long offset;

    /**
     * Opens {@code file} and reads its global header.
     *
     * @param file the capture file
     * @throws IOException if it cannot be read, {@link PcapFormatException} if the header is malformed
     */
    public PcapReader(final Path file) throws IOException {
        this(Files.newInputStream(file), file.toString());
    }

    /**
     * Reads the global header from {@code in}, which this reader then owns and closes.
     *
     * @param in     the capture
     * @param source a name for error messages, such as the file name
     * @throws IOException if it cannot be read, {@link PcapFormatException} if the header is malformed
     */
    public PcapReader(final InputStream in, final String source) throws IOException {
        this.in = new BufferedInputStream(Objects.requireNonNull(in, "in"));
        this.source = Objects.requireNonNull(source, "source");
        try {
            final byte[] header = new byte[PcapFormat.GLOBAL_HEADER_LENGTH];
            final int n = this.in.readNBytes(header, 0, header.length);
            if (n < header.length) {
                throw new PcapFormatException(source, n, "global header needs 24 bytes, file has " + n);
            }
            final ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
            final int magic = h.getInt(0);
            if (magic == PcapFormat.MAGIC_MICROS || magic == PcapFormat.MAGIC_NANOS) {
                order = ByteOrder.BIG_ENDIAN;
            } else if (Integer.reverseBytes(magic) == PcapFormat.MAGIC_MICROS
                    || Integer.reverseBytes(magic) == PcapFormat.MAGIC_NANOS) {
                order = ByteOrder.LITTLE_ENDIAN;
            } else {
                throw new PcapFormatException(source, 0, String.format("magic 0x%08x is not a pcap magic "
                        + "(a1b2c3d4 or a1b23c4d in either byte order; pcapng is not supported)", magic));
            }
            h.order(order);
            nanos = h.getInt(0) == PcapFormat.MAGIC_NANOS;
            versionMajor = Short.toUnsignedInt(h.getShort(4));
            versionMinor = Short.toUnsignedInt(h.getShort(6));
            if (versionMajor != PcapFormat.VERSION_MAJOR) {
                throw new PcapFormatException(source, 4, "version " + versionMajor + "." + versionMinor
                        + ", expected 2.x");
            }
            snapLength = h.getInt(16);
            linkType = h.getInt(20);
            offset = PcapFormat.GLOBAL_HEADER_LENGTH;
        } catch (IOException | RuntimeException e) {
            this.in.close();
            throw e;
        }
    }

    /**
     * Reads every record of a file.
     *
     * @param file the capture file
     * @return its records in file order
     * @throws IOException if it cannot be read or is malformed
     */
    public static List<PcapRecord> readAll(final Path file) throws IOException {
        try (PcapReader r = new PcapReader(file)) {
            return r.readAll();
        }
    }

    /**
     * @return the remaining records in file order
     * @throws IOException if reading fails or a record is malformed
     */
    public List<PcapRecord> readAll() throws IOException {
        final List<PcapRecord> records = new ArrayList<>();
        for (Optional<PcapRecord> r = next(); r.isPresent(); r = next()) {
            records.add(r.get());
        }
        return records;
    }

    /**
     * @return the next record, empty at a clean end of file
     * @throws IOException if reading fails; {@link PcapFormatException} if the record is malformed
     */
    public Optional<PcapRecord> next() throws IOException {
        final long recordOffset = offset;
        final byte[] header = new byte[PcapFormat.RECORD_HEADER_LENGTH];
        final int n = in.readNBytes(header, 0, header.length);
        if (n == 0) {
            return Optional.empty();
        }
        if (n < header.length) {
            throw new PcapFormatException(source, recordOffset,
                    "record header needs 16 bytes, only " + n + " left");
        }
        final ByteBuffer h = ByteBuffer.wrap(header).order(order);
        final long seconds = Integer.toUnsignedLong(h.getInt(0));
        final long fraction = Integer.toUnsignedLong(h.getInt(4));
        final long captured = Integer.toUnsignedLong(h.getInt(8));
        final long original = Integer.toUnsignedLong(h.getInt(12));
        final long perSecond = nanos ? 1_000_000_000L : 1_000_000L;
        if (fraction >= perSecond) {
            throw new PcapFormatException(source, recordOffset + 4,
                    "sub-second timestamp " + fraction + " is not below " + perSecond);
        }
        if (captured > PcapFormat.MAX_CAPTURED_LENGTH) {
            throw new PcapFormatException(source, recordOffset + 8, "captured length " + captured
                    + " exceeds the " + PcapFormat.MAX_CAPTURED_LENGTH + " a sane capture holds");
        }
        if (original < captured) {
            throw new PcapFormatException(source, recordOffset + 12,
                    "original length " + original + " below captured length " + captured);
        }
        if (original > Integer.MAX_VALUE) {
            throw new PcapFormatException(source, recordOffset + 12, "original length " + original + " is absurd");
        }
        final byte[] frame = in.readNBytes((int) captured);
        if (frame.length < captured) {
            throw new PcapFormatException(source, recordOffset + PcapFormat.RECORD_HEADER_LENGTH,
                    "record data needs " + captured + " bytes, only " + frame.length + " left");
        }
        offset = recordOffset + PcapFormat.RECORD_HEADER_LENGTH + captured;
        final long timestampNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
        return Optional.of(new PcapRecord(timestampNanos, frame, (int) original));
    }

    /** @return the link type from the global header (1 for Ethernet) */
    public int linkType() {
        return linkType;
    }

    /** @return the snaplen from the global header */
    public int snapLength() {
        return snapLength;
    }

    /** @return the format version as "major.minor" */
    public String version() {
        return versionMajor + "." + versionMinor;
    }

    /** @return the byte order the file was written in */
    public ByteOrder byteOrder() {
        return order;
    }

    /** @return whether timestamps have nanosecond resolution */
    public boolean nanosecondResolution() {
        return nanos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
