package dev.newt.net.wire;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.zip.CRC32C;

/**
 * The debug mode of the buffer discipline of {@link PacketBuffer}: with the system property
 * {@value #PROPERTY} set to {@code true} (the servers' test run sets it), every view put in a
 * message is fingerprinted ({@link #seal}) and every server that takes bytes from a message checks
 * them ({@link #verify}): a write to bytes that a message still refers to (a sender reusing its
 * array, a layer writing over another's header, a byte flipped in place) fails with
 * {@link BufferWriteDetected} where it is first seen. Off, both are a test of a constant.
 */
public final class BufferCheck {
    /** The system property that turns the check on. */
    public static final String PROPERTY = "newt.buffers.check";

    private static final boolean ENABLED = Boolean.getBoolean(PROPERTY);
    private static final Map<PacketBuffer, Long> PRINTS = Collections.synchronizedMap(new WeakHashMap<>());

    private BufferCheck() {
    }

    /** Thrown in the debug mode when bytes changed under a message that refers to them. */
    public static final class BufferWriteDetected extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        BufferWriteDetected(final String message) {
            super(message);
        }
    }

    /** @return whether the debug mode is on */
    public static boolean enabled() {
        return ENABLED;
    }

    /**
     * Fingerprints a view that is being put in a message (or kept by reference); a view sealed
     * before must still hold the bytes it had.
     *
     * @param b the view, or {@code null}
     * @return {@code b}
     */
    public static PacketBuffer seal(final PacketBuffer b) {
        if (ENABLED && b != null) {
            final long print = fingerprint(b);
            final Long before = PRINTS.putIfAbsent(b, print);
            if (before != null && before != print) {
                throw new BufferWriteDetected(b + " changed while a message referred to it");
            }
        }
        return b;
    }

    /**
     * Fails if the bytes of a sealed view changed since it was sealed.
     *
     * @param b the view, or {@code null}
     */
    public static void verify(final PacketBuffer b) {
        if (ENABLED && b != null) {
            final Long before = PRINTS.get(b);
            if (before != null && before != fingerprint(b)) {
                throw new BufferWriteDetected(b + " changed while a message referred to it");
            }
        }
    }

    static long fingerprint(final PacketBuffer b) {
        final CRC32C crc = new CRC32C();
        crc.update(b.array(), b.offset(), b.length());
        return crc.getValue() ^ ((long) b.length() << 32);
    }
}
