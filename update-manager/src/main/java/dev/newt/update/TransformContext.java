package dev.newt.update;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a {@link StateTransform} knows of the update it serves.
 *
 * @param server  the server being updated, for errors
 * @param oldType the running version's state class
 * @param newType the new version's state class, loaded from its image
 * @param mapper  the runtime codec's mapper, with its settings (fields, sorted keys, strict reads)
 */
public record TransformContext(String server, Class<?> oldType, Class<?> newType, ObjectMapper mapper) {
}
