package dev.newt.update.sample;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.newt.update.FieldMapping;
import dev.newt.update.StateTransform;
import dev.newt.update.TransformContext;

/** The state transform image {@code journal-v2} ships (named in META-INF/newt/state-transform). */
public final class JournalTransform implements StateTransform {
    private static final FieldMapping V1_TO_V2 = FieldMapping.automatic()
        .rename("entries", "count")
        .rename("limits.max", "limits.maxEntries")
        .remove("motto")
        .defaultValue("note", "migrated from v1")
        .defaultValue("byV2", 0L);

    @Override
    public ObjectNode transform(final TransformContext context, final ObjectNode old) {
        return V1_TO_V2.transform(context, old);
    }
}
