package dev.newt.core.store;

import java.util.Objects;

/**
 * A server's state frozen as bytes ({@code StateCodec}'s CBOR), kept outside the server so that it
 * survives the server's death.
 * State crosses incarnations and versions only in this form, never as live objects.
 *
 * <p>A checkpoint taken with a {@link PartCodec} holds the state's root in {@code state} and its
 * parts in {@code parts}; decode it with that codec, or have the runtime materialise the
 * whole-state encoding ({@code NewtRuntime.encodedCheckpoint}).
 *
 * @param server   whose state
 * @param epoch    the incarnation that took it
 * @param takenAt  runtime clock reading
 * @param handled  messages the server had handled, over all incarnations, when it was taken
 * @param state    the encoded state (or its root, with parts); the array is owned by the checkpoint and never changed
 * @param parts    the parts of a state checkpointed by parts, or null when {@code state} is all of it
 */
public record Checkpoint(String server, long epoch, long takenAt, long handled, byte[] state, PartLog parts) {

    /** Validates the header. */
    public Checkpoint {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(state, "state");
    }

    /**
     * A whole-state checkpoint.
     *
     * @param server  whose state
     * @param epoch   the incarnation that took it
     * @param takenAt runtime clock reading
     * @param handled messages handled when it was taken
     * @param state   the encoded state
     */
    public Checkpoint(final String server, final long epoch, final long takenAt, final long handled,
                      final byte[] state) {
        this(server, epoch, takenAt, handled, state, null);
    }

    /** @return whether the state is held by parts ({@link #parts()}) beside its root */
    public boolean byParts() {
        return parts != null;
    }

    /** @return the size of the serialized state in bytes (root and parts, with the deltas not yet compacted) */
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, state.length + (parts == null ? 0 : parts.bytes()));
    }
}
