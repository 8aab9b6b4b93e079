package dev.newt.core.composite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.newt.core.store.StateCodec;
import dev.newt.core.store.StateCodecException;

/**
 * Turns an inner server's state read from a checkpoint, a tree with no class name in it, into an
 * object of the class its spec names. The class comes from the spec, never from the checkpoint, so
 * a state class loaded from an image (a new version, a woven layer) restores as that class rather
 * than as whatever the parent or the thread's loader finds under its name.
 */
final class InnerStates {
    /** The property older checkpoints wrote each inner state's class name in; ignored on restore. */
    static final String OLD_CLASS_PROPERTY = "@class";
    /** The runtime's codec settings (strict: unknown fields are an error); thread-safe. */
    private static final ObjectMapper MAPPER = new StateCodec().mapper();

    private InnerStates() {
    }

    /**
     * @param inner the inner server's name, for the error message
     * @param value its state: a tree as a checkpoint decodes it, or already an object
     * @param type  the state class of the inner server's spec
     * @return {@code value} if it is not a tree; otherwise a new object of {@code type}
     * @throws StateCodecException naming the inner server and the class when the tree does not fit
     */
    static Object typed(final String inner, final Object value, final Class<?> type) {
        if (!(value instanceof JsonNode tree)) {
            return value;
        }
        final JsonNode fields = tree instanceof ObjectNode o && o.has(OLD_CLASS_PROPERTY)
            ? o.deepCopy().without(OLD_CLASS_PROPERTY) : tree;
        try {
            final Object s = MAPPER.treeToValue(fields, type);
            if (s == null) {
                throw new StateCodecException("checkpoint of inner server '" + inner + "' holds null", null);
            }
            return s;
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new StateCodecException("cannot restore the state of inner server '" + inner + "' as "
                + type.getName() + ": " + e.getMessage(), e);
        }
    }
}
