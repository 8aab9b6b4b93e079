package dev.newt.example.kv.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.newt.update.StateTransform;
import dev.newt.update.TransformContext;
import java.util.Iterator;
import java.util.Map;

/**
 * Version 1 to 2 (named in META-INF/newt/state-transform): the field {@code entries} becomes
 * {@code table}, and each string value a record {@code {value, version: 0}}.
 */
public final class KvTransform implements StateTransform {
    @Override
    public ObjectNode transform(final TransformContext context, final ObjectNode old) {
        final ObjectNode table = context.mapper().createObjectNode();
        final JsonNode entries = old.path("entries");
        for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> e = it.next();
            table.set(e.getKey(), context.mapper().createObjectNode().put("value", e.getValue().asText())
                .put("version", 0L));
        }
        final ObjectNode next = context.mapper().createObjectNode();
        next.set("table", table);
        next.put("writes", old.path("writes").asLong());
        return next;
    }
}
