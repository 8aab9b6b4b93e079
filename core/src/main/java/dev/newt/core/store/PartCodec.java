package dev.newt.core.store;

import java.util.Map;

/**
 * Encodes a server's state by parts, for checkpoints that cost what changed rather than what
 * exists: a small <em>root</em> (everything not in a part, re-encoded at every checkpoint) and
 * keyed <em>parts</em> (tcp's connections), of which a checkpoint re-encodes only those the handlers
 * marked changed since the previous checkpoint ({@code ServerContext.partChanged}). The state store
 * keeps the parts as a {@link PartLog}: a base plus the deltas since, compacted as they grow.
 *
 * <p>The contract: for every state {@code s},
 * {@code decode(encodeRoot(s), {k -> encodePart(s, k) for k in partKeys(s)})} equals {@code s} as
 * the runtime's whole-state {@link StateCodec} sees it; and a handler marks every part whose encoding
 * it may have changed, including parts it added or removed. A part left unmarked keeps the bytes of
 * the previous checkpoint. Codecs run on the server's worker, between messages.
 *
 * @param <S> the state type
 */
public interface PartCodec<S> {

    /** @param state the state @return its root: everything but the parts */
    byte[] encodeRoot(S state);

    /**
     * @param state the state
     * @param key   a part's key
     * @return the part's encoding, or null when the state has no such part (any more)
     */
    byte[] encodePart(S state, long key);

    /** @param state the state @return the keys of all its parts */
    long[] partKeys(S state);

    /**
     * @param root  as {@link #encodeRoot} wrote it
     * @param parts every part, as {@link #encodePart} wrote them
     * @return a new state
     */
    S decode(byte[] root, Map<Long, byte[]> parts);

    /**
     * Where the parts sit in the whole state, for tools that work on the whole state's tree part by
     * part (a live update that pre-copies state): the field of the state that holds the parts by
     * key, each part (after {@link #partHeader()} bytes of this codec's own framing) being that
     * field's value for its key, as the runtime's {@link StateCodec} writes it.
     *
     * @return the field, or null when this codec does not say (such tools then take the whole state)
     */
    default String partsField() {
        return null;
    }

    /** @return bytes of this codec's framing before each part's value (kept as is by such tools) */
    default int partHeader() {
        return 0;
    }
}
