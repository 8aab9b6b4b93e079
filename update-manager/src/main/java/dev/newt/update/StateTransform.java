package dev.newt.update;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a server's old state, as the runtime's codec writes it (a Jackson tree: fields by name, keys
 * sorted), into the state of the new version, as OTP's {@code code_change} turns an old state into
 * a new one while the process is suspended. It runs while the server is held at its safe point; if
 * it throws, the update is aborted and the old version goes on untouched.
 *
 * <p>{@link FieldMapping} covers most changes (by name, renames, defaults, removals, nested fields,
 * collection types). An image may ship its own implementation, named in its resource
 * {@value ShippedTransform#RESOURCE}.
 */
@FunctionalInterface
public interface StateTransform {

    /**
     * @param context the server, its old and new state classes and the codec's mapper
     * @param old     the old state's tree; the transform may change it
     * @return the tree of the new state, which the codec then reads as {@code context.newType()}
     * @throws StateTransformException naming the server and the field it cannot transform
     */
    ObjectNode transform(TransformContext context, ObjectNode old);

    /**
     * Transforms one part of the state alone, for an update that pre-copies state part by part:
     * the value of {@code partsField} for one key. It must equal what {@link #transform} makes of
     * that value inside the whole state. A transform that cannot say (the default) makes the
     * update copy the whole state at the safe point instead.
     *
     * @param context    as for {@link #transform}
     * @param partsField the field of the state holding the parts by key ({@code connections})
     * @param old        the part's old tree
     * @return its new tree, or empty when this transform does not work part by part
     * @throws StateTransformException naming the server and the field it cannot transform
     */
    default java.util.Optional<ObjectNode> transformPart(final TransformContext context, final String partsField,
                                                         final ObjectNode old) {
        return java.util.Optional.empty();
    }
}
