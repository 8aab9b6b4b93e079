package dev.newt.core.channel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.BitUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A one-way channel from one writer to one reader, possibly in another process: Agrona's
 * {@link OneToOneRingBuffer} over a memory-mapped file (on {@code /dev/shm} when there is one, so
 * nothing is written back to disk).
 *
 * <p>The contract: records are read in the order they were written; a full ring is a {@code false}
 * from {@link #offer}, never a drop or a block; a record becomes visible only when its writer has
 * written all of it (Agrona claims a record with a negative length and publishes the positive
 * length last, with a release store), so a writer that dies in the middle of a record leaves
 * nothing torn for the reader, which stops before it. Not thread-safe on either side: one writer
 * thread, one reader thread.
 */
public final class RingChannel implements AutoCloseable {
    private final Path file;
    private final MappedByteBuffer mapped;
    private final OneToOneRingBuffer ring;
    private final FrameIn.Copier copier = new FrameIn.Copier();

    private RingChannel(final Path file, final MappedByteBuffer mapped) {
        this.file = file;
        this.mapped = mapped;
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(mapped));
    }

    /**
     * Creates the file of a new ring (it must not exist) and maps it.
     *
     * @param file     where the ring lives
     * @param capacity bytes of records it holds: a power of two, at least 1024
     * @return the channel, empty
     */
    public static RingChannel create(final Path file, final int capacity) {
        if (capacity < 1024 || !BitUtil.isPowerOfTwo(capacity)) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 1024, was " + capacity);
        }
        return map(file, capacity + RingBufferDescriptor.TRAILER_LENGTH, StandardOpenOption.CREATE_NEW);
    }

    /**
     * Maps the file of a ring another process created.
     *
     * @param file the ring's file
     * @return the channel
     */
    public static RingChannel open(final Path file) {
        try {
            return map(file, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open ring " + file + ": " + e.getMessage(), e);
        }
    }

    private static RingChannel map(final Path file, final long size, final StandardOpenOption... extra) {
        try (FileChannel fc = FileChannel.open(file, with(extra))) {
            return new RingChannel(file, fc.map(FileChannel.MapMode.READ_WRITE, 0, size));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map ring " + file + ": " + e.getMessage(), e);
        }
    }

    private static StandardOpenOption[] with(final StandardOpenOption... extra) {
        final StandardOpenOption[] all = new StandardOpenOption[extra.length + 2];
        all[0] = StandardOpenOption.READ;
        all[1] = StandardOpenOption.WRITE;
        System.arraycopy(extra, 0, all, 2, extra.length);
        return all;
    }

    /** @return a directory for ring files: {@code /dev/shm} when writable, else the temporary directory */
    public static Path sharedMemoryDirectory() {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Writes one record.
     *
     * @param type  the record's type, positive
     * @param frame its bytes
     * @return false when the ring has no room for it now (nothing written)
     * @throws IllegalArgumentException when the record is longer than {@link #maxRecordLength()}
     */
    public boolean offer(final int type, final FrameOut frame) {
        return ring.write(type, frame.buffer(), 0, frame.length());
    }

    /**
     * Reads the next record, if any, into {@code into}.
     *
     * @param into where its bytes are copied (the ring's space is released at once)
     * @return the record's type, or 0 when none is committed
     */
    public int poll(final FrameIn into) {
        copier.target = into;
        copier.type = 0;
        ring.read(copier, 1);
        if (copier.type == 0 && ring.size() > 0) {
            // The read may have consumed only the padding that wraps the ring; the record is next.
            ring.read(copier, 1);
        }
        return copier.type;
    }

    /** @return the longest record the ring takes */
    public int maxRecordLength() {
        return ring.maxMsgLength();
    }

    /** @return the bytes of records the ring holds */
    public int capacity() {
        return ring.capacity();
    }

    /** @return bytes written and not yet read */
    public int size() {
        return ring.size();
    }

    /** @param millis a liveness stamp the reader publishes (see {@link #heartbeat()}) */
    public void beat(final long millis) {
        ring.consumerHeartbeatTime(millis);
    }

    /** @return the latest stamp the reader published with {@link #beat}, 0 before the first */
    public long heartbeat() {
        return ring.consumerHeartbeatTime();
    }

    /** @return the ring itself, for tests that write records half-way */
    OneToOneRingBuffer ring() {
        return ring;
    }

    /** @return the ring's file */
    public Path file() {
        return file;
    }

    /** Unmaps the file (the file stays: whoever created it deletes it). */
    @Override
    public void close() {
        IoUtil.unmap(mapped);
    }
}
