package dev.newt.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.newt.core.store.Checkpoint;
import dev.newt.core.store.PartCodec;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pre-copy transfer of one server checkpointed by parts, as virtual machines migrate: its parts are
 * transformed into the new version's while the old version still serves (rounds over its latest
 * checkpoints), and at the safe point only the root and the parts that changed since the last round
 * are transformed, so the pause costs what changed, not what exists.
 *
 * <p>A part changed when its bytes differ from the last round's: a checkpoint by parts keeps every
 * unmarked part's array ({@code PartLog}), so the same array needs no look; a re-encoded one is
 * compared byte for byte, far cheaper than transforming it. The root goes through the whole-state transform (as a state without parts); each part
 * through {@link StateTransform#transformPart}, which must equal the whole-state transform inside
 * the state. The new state is then decoded by the new image's part codec (the class of the same
 * name as the running one's, from the new image, unless the new spec names one).
 */
final class PreCopy {
    /** Rounds while the old version serves, at most. */
    static final int MAX_ROUNDS = 4;

    /** One round: parts transformed and their bytes (the old encoding's). */
    record Round(int parts, long bytes) {
    }

    /** A part the transform cannot take alone: the update copies the whole state instead. */
    static final class NotByParts extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotByParts() {
            super("the transform does not work part by part", null, false, false);
        }
    }

    private record Done(byte[] old, byte[] transformed) {
    }

    private final String server;
    private final PartCodec<Object> oldCodec;
    private final PartCodec<Object> newCodec;
    private final StateTransform transform;
    private final TransformContext ctx;
    private final ObjectMapper mapper;
    private final String field;
    private final int header;
    private final Map<Long, Done> done = new HashMap<>();
    private final List<Round> rounds = new ArrayList<>();
    private Checkpoint last;
    private Round atSafePoint;

    private PreCopy(final String server, final PartCodec<Object> oldCodec, final PartCodec<Object> newCodec,
                    final StateTransform transform, final TransformContext ctx) {
        this.server = server;
        this.oldCodec = oldCodec;
        this.newCodec = newCodec;
        this.transform = transform;
        this.ctx = ctx;
        this.mapper = ctx.mapper();
        this.field = oldCodec.partsField();
        this.header = oldCodec.partHeader();
    }

    /**
     * @return a pre-copy for the server, or empty when it cannot be done part by part (no part codec or
     *         none that places its parts, no part codec for the new version, a transform that does not
     *         work part by part): the update then copies the whole state at the safe point
     */
    @SuppressWarnings("unchecked")
    static Optional<PreCopy> of(final String server, final PartCodec<?> running, final PartCodec<?> next,
                                final StateTransform transform, final TransformContext ctx) {
        if (running == null || running.partsField() == null) {
            return Optional.empty();
        }
        final PartCodec<?> codec = next != null ? next : sameCodecIn(running, ctx.newType().getClassLoader());
        if (codec == null || !running.partsField().equals(codec.partsField())
            || running.partHeader() != codec.partHeader()) {
            return Optional.empty();
        }
        return Optional.of(new PreCopy(server, (PartCodec<Object>) running, (PartCodec<Object>) codec, transform, ctx));
    }

    /** @return the new image's class of the running codec's name, made by its no-arg constructor; or null */
    private static PartCodec<?> sameCodecIn(final PartCodec<?> running, final ClassLoader image) {
        try {
            final Class<?> c = Class.forName(running.getClass().getName(), true, image);
            if (c == running.getClass() || !PartCodec.class.isAssignableFrom(c)) {
                return null;
            }
            final Constructor<?> ctor = c.getDeclaredConstructor();
            ctor.setAccessible(true);
            return (PartCodec<?>) ctor.newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /**
     * One round while the old version serves: transforms the parts of {@code c} not transformed before.
     *
     * @return whether it was a round: false when {@code c} is the checkpoint of the previous round or not by parts
     * @throws StateTransformException when a part cannot be transformed part by part
     */
    boolean round(final Checkpoint c) {
        if (c == null || !c.byParts() || c == last) {
            return false;
        }
        last = c;
        rounds.add(copy(c.parts().materialise(), null));
        return true;
    }

    /**
     * @return whether another round is worth it: fewer than {@link #MAX_ROUNDS}, and the last one
     *         copied some parts, fewer than the one before (the set changing meanwhile shrinks)
     */
    boolean wantsAnother() {
        final int n = rounds.size();
        if (n >= MAX_ROUNDS) {
            return false;
        }
        if (n == 0) {
            return true;
        }
        final int copied = rounds.get(n - 1).parts();
        return copied > 0 && (n < 2 || copied < rounds.get(n - 2).parts());
    }

    /** @return the server */
    String server() {
        return server;
    }

    /**
     * Does the safe point's work (the root, the new codec's decode) once on the last round's
     * checkpoint, discarding the result: the classes it loads and the code it runs are then warm.
     */
    void rehearse() {
        if (last != null) {
            finish(last);
            atSafePoint = null;
        }
    }

    /**
     * One more round on {@code c}, then the state it holds as the new version's (the root and every
     * part, transformed and decoded), for a shadow of the new version; not the safe point's work.
     *
     * @param c a checkpoint by parts, taken between two messages
     * @return the new version's state as at {@code c}
     */
    Object stateAt(final Checkpoint c) {
        round(c);
        final Object s = finish(c);
        atSafePoint = null;
        return s;
    }

    /** @return the report of the rounds and the safe point */
    PreCopyReport report() {
        return new PreCopyReport(server, rounds.stream().map(Round::parts).toList(),
            rounds.stream().map(Round::bytes).toList(), atSafePoint == null ? 0 : atSafePoint.parts(),
            atSafePoint == null ? 0 : atSafePoint.bytes());
    }

    /** @return the rounds so far, before the safe point */
    List<Round> rounds() {
        return List.copyOf(rounds);
    }

    /** @return the last round's copy: what the safe point transformed (the root not counted), or null before */
    Round atSafePoint() {
        return atSafePoint;
    }

    /**
     * At the safe point: transforms the root and the parts changed since the last round, and
     * decodes the new state.
     *
     * @param held the state by parts at the safe point
     * @return the new version's state, an object of {@code ctx.newType()}
     * @throws StateTransformException naming the server and the field
     * @throws NotByParts               when the transform does not work part by part
     */
    Object finish(final Checkpoint held) {
        final Map<Long, byte[]> parts = new HashMap<>();
        atSafePoint = copy(held.parts().materialise(), parts);
        final Object newRoot = StateTransfer.transfer(server, rootAlone(held.state()), ctx.oldType(), ctx.newType(),
            transform, mapper);
        try {
            return newCodec.decode(newCodec.encodeRoot(newRoot), parts);
        } catch (RuntimeException e) {
            throw new StateTransformException(server, field, "the new version's part codec cannot read the "
                + "transformed state: " + e, e);
        }
    }

    /** The root as a whole-state encoding: the state without its parts. */
    private byte[] rootAlone(final byte[] root) {
        try {
            return mapper.writeValueAsBytes(oldCodec.decode(root, Map.of()));
        } catch (IOException | RuntimeException e) {
            throw new StateTransformException(server, "", "cannot read the root of the checkpoint: " + e, e);
        }
    }

    /** Transforms the parts not done before; collects every part's new bytes into {@code into} if given. */
    private Round copy(final Map<Long, byte[]> parts, final Map<Long, byte[]> into) {
        int n = 0;
        long bytes = 0;
        final Map<Long, Done> now = new HashMap<>(parts.size() * 2);
        for (Map.Entry<Long, byte[]> e : parts.entrySet()) {
            Done d = done.get(e.getKey());
            if (d != null && d.old() != e.getValue() && Arrays.equals(d.old(), e.getValue())) {
                // Re-encoded (marked since the last checkpoint) but unchanged since the last round.
                d = new Done(e.getValue(), d.transformed());
            } else if (d == null || d.old() != e.getValue()) {
                d = new Done(e.getValue(), transformPart(e.getKey(), e.getValue()));
                n++;
                bytes += e.getValue().length;
            }
            now.put(e.getKey(), d);
            if (into != null) {
                into.put(e.getKey(), d.transformed());
            }
        }
        // Parts gone since are forgotten.
        done.clear();
        done.putAll(now);
        return new Round(n, bytes);
    }

    private byte[] transformPart(final long key, final byte[] old) {
        final JsonNode tree;
        try {
            tree = mapper.readTree(old, header, old.length - header);
        } catch (IOException e) {
            throw new StateTransformException(server, field + "." + key, "cannot read the part: " + e, e);
        }
        if (!(tree instanceof ObjectNode o)) {
            throw new StateTransformException(server, field + "." + key, "the part is not an object", null);
        }
        final ObjectNode changed = transform.transformPart(ctx, field, o).orElseThrow(NotByParts::new);
        try {
            final byte[] body = mapper.writeValueAsBytes(changed);
            final byte[] out = new byte[header + body.length];
            System.arraycopy(old, 0, out, 0, header);
            System.arraycopy(body, 0, out, header, body.length);
            return out;
        } catch (IOException e) {
            throw new StateTransformException(server, field + "." + key, "cannot write the part: " + e, e);
        }
    }
}
