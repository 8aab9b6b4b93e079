package dev.newt.update;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Moves one server's state across a version boundary as data only, never as objects: reads the checkpoint taken at
 * the safe point, transforms its tree, and reads the result as the new version's state class with
 * the runtime's codec settings (unknown fields are an error).
 */
final class StateTransfer {
    private StateTransfer() {
    }

    /**
     * @return the new version's state, an object of {@code newType}
     * @throws StateTransformException naming the server and, when known, the field
     */
    static Object transfer(final String server, final byte[] checkpoint, final Class<?> oldType,
                           final Class<?> newType, final StateTransform transform, final ObjectMapper mapper) {
        final JsonNode old;
        try {
            old = mapper.readTree(checkpoint);
        } catch (IOException e) {
            throw new StateTransformException(server, "", "cannot read the checkpoint taken at the safe point: " + e, e);
        }
        if (!(old instanceof ObjectNode tree)) {
            throw new StateTransformException(server, "", "the state is not an object but " + old.getNodeType(), null);
        }
        final ObjectNode changed = transform.transform(new TransformContext(server, oldType, newType, mapper), tree);
        try {
            return mapper.treeToValue(changed, newType);
        } catch (JsonMappingException e) {
            throw new StateTransformException(server, path(e), "cannot be read as " + newType.getName() + ": "
                + e.getOriginalMessage(), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new StateTransformException(server, "", "cannot be read as " + newType.getName() + ": " + e, e);
        }
    }

    private static String path(final JsonMappingException e) {
        return e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "*")
            .collect(Collectors.joining("."));
    }
}
