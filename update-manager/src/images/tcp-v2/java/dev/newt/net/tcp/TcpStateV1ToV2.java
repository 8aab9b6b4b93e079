package dev.newt.net.tcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.newt.update.FieldMapping;
import dev.newt.update.StateTransform;
import dev.newt.update.TransformContext;
import java.util.Optional;

/**
 * How a version 1 tcp state becomes this version's, shipped in the image (named in its
 * {@code META-INF/newt/state-transform}) so that an update needs no mapping of its own:
 * {@code nextEphemeral} is renamed {@code nextEphemeralPort}; the new counters {@code updatesSeen}
 * and {@code segmentsSinceUpdate} start at 0; everything else, down to every connection's buffers
 * and timers, keeps its name ({@code tuples} too: a TreeMap in v1 and a HashMap here, the same
 * JSON object).
 */
public final class TcpStateV1ToV2 implements StateTransform {
    /** The mapping, by field name apart from the rename and the two new fields. */
    public static final FieldMapping MAPPING = FieldMapping.automatic()
        .rename("nextEphemeral", "nextEphemeralPort")
        .defaultValue("updatesSeen", 0L)
        .defaultValue("segmentsSinceUpdate", 0L);

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
