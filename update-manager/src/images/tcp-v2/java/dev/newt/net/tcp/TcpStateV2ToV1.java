package dev.newt.net.tcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.newt.update.FieldMapping;
import dev.newt.update.StateTransform;
import dev.newt.update.TransformContext;
import java.util.Optional;

/**
 * How this version's tcp state goes back to version 1's schema, shipped in the image (named in its
 * {@code META-INF/newt/reverse-transform}): used by an update that leaves tcp-v2 for a version whose
 * image ships no transform of its own (version 1 itself, a rollback by update; or an image of
 * version 1's schema such as tcp-broken). The inverse of {@link TcpStateV1ToV2}:
 * {@code nextEphemeralPort} is renamed back to {@code nextEphemeral}, and the counters v2 added
 * ({@code updatesSeen}, {@code segmentsSinceUpdate}) are dropped; everything else keeps its name.
 */
public final class TcpStateV2ToV1 implements StateTransform {
    /** The mapping, by field name apart from the rename and the two removed fields. */
    public static final FieldMapping MAPPING = FieldMapping.automatic()
        .rename("nextEphemeralPort", "nextEphemeral")
        .remove("updatesSeen")
        .remove("segmentsSinceUpdate");

    @Override
    public ObjectNode transform(final TransformContext context, final ObjectNode old) {
        return MAPPING.transform(context, old);
    }

    /** Each connection alone, as {@link #transform} maps it inside the whole state: for pre-copy. */
    @Override
    public Optional<ObjectNode> transformPart(final TransformContext context, final String partsField,
                                             final ObjectNode old) {
        return MAPPING.transformPart(context, partsField, old);
    }
}
