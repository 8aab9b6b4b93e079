package dev.newt.core.store;

import java.util.Objects;

/**
 * A server's state frozen as bytes ({@code StateCodec}'s CBOR), kept outside the server so that it
 * survives the server's death.
 * State crosses incarnations and versions only in this form, never as live objects.
 *
 * @param server   whose state
 * @param epoch    the incarnation that took it
 * @param takenAt  runtime clock reading
 * @param handled  messages the server had handled, over all incarnations, when it was taken
 * @param state    the encoded state; the array is owned by the checkpoint and never changed
 */
public record Checkpoint(String server, long epoch, long takenAt, long handled, byte[] state) {

    /** Validates the header. */
    public Checkpoint {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(state, "state");
    }

    /** @return the size of the serialized state in bytes */
    public int size() {
        return state.length;
    }
}
