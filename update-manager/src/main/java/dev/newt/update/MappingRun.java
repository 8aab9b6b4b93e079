package dev.newt.update;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One application of a {@link FieldMapping}: walks the new state class and fills it from the old
 * tree, then checks that every old field went somewhere. The check waits until the whole tree is
 * built, since a rename may read from any level.
 */
final class MappingRun {
    private final FieldMapping mapping;
    private final TransformContext ctx;
    private final ObjectMapper mapper;
    private final ObjectNode root;
    /** Old paths read by renames that cross levels: their objects do not see them used. */
    private final Set<String> readFromAfar = new HashSet<>();
    private final List<Visited> visited = new ArrayList<>();
    /** Every field path of the new state met, to catch renames and defaults that name none. */
    private final Set<String> newPaths = new HashSet<>();

    /** An old object that was mapped field by field, and the names of its fields that were used. */
    private record Visited(ObjectNode node, String path, Set<String> used) {
    }

    MappingRun(final FieldMapping mapping, final TransformContext ctx, final ObjectNode root) {
        this.mapping = mapping;
        this.ctx = ctx;
        this.mapper = ctx.mapper();
        this.root = root;
    }

    ObjectNode run() {
        final ObjectNode out = fill(mapper.constructType(ctx.newType()), "", root, "");
        for (Visited v : visited) {
            checkEverythingUsed(v.node(), v.path(), v.used());
        }
        for (String target : mapping.targets()) {
            // Element paths are met only when a collection has elements: checked when met.
            if (!target.contains("*") && !newPaths.contains(target)) {
                throw error(target, "the mapping gives it a rename or a default, but the new state class "
                    + ctx.newType().getName() + " has no such field");
            }
        }
        return out;
    }

    /**
     * Maps one part, the value of {@code partsField} for one key, as {@link #run} maps it inside
     * the whole state.
     *
     * @return its tree, or null when the new state class holds no map or collection of objects there
     */
    ObjectNode runPart(final String partsField) {
        final BeanPropertyDefinition field = properties(mapper.constructType(ctx.newType())).stream()
            .filter(p -> p.getName().equals(partsField)).findFirst().orElse(null);
        if (field == null) {
            return null;
        }
        final JavaType type = field.getPrimaryType();
        if (!(type.isMapLikeType() || type.isCollectionLikeType()) || !isBean(type.getContentType())) {
            return null;
        }
        final String path = partsField + ".*";
        final ObjectNode out = fill(type.getContentType(), path, root, path);
        for (Visited v : visited) {
            checkEverythingUsed(v.node(), v.path(), v.used());
        }
        return out;
    }

    private ObjectNode fill(final JavaType type, final String newPath, final ObjectNode source, final String oldPath) {
        final ObjectNode out = mapper.createObjectNode();
        final Set<String> used = new HashSet<>();
        visited.add(new Visited(source, oldPath, used));
        for (BeanPropertyDefinition p : properties(type)) {
            final String name = p.getName();
            final String np = join(newPath, name);
            newPaths.add(np);
            final String renamed = mapping.renamedFrom(np);
            final String from = renamed != null ? renamed : join(oldPath, name);
            final JsonNode value;
            if (parent(from).equals(oldPath)) {
                value = source.get(leaf(from));
                used.add(leaf(from));
            } else if (from.contains("*")) {
                throw error(np, "the rename from '" + from + "' crosses levels inside a collection;"
                    + " ship a transformer class for that");
            } else {
                value = at(from);
                readFromAfar.add(from);
            }
            if (value == null) {
                if (!mapping.hasDefault(np)) {
                    throw error(np, "the new state class " + ctx.newType().getName() + " has it, but the old state has no"
                        + " field '" + from + "' to fill it from; give a rename or a default value");
                }
                out.set(name, mapper.valueToTree(mapping.defaultOf(np)));
            } else {
                out.set(name, convert(p.getPrimaryType(), np, value, from));
            }
        }
        return out;
    }

    private JsonNode convert(final JavaType type, final String newPath, final JsonNode value, final String oldPath) {
        if (value.isNull()) {
            return value;
        }
        if (isBean(type)) {
            if (!value.isObject()) {
                throw mismatch(newPath, "an object (" + type.getRawClass().getSimpleName() + ")", value, oldPath);
            }
            return fill(type, newPath, (ObjectNode) value, oldPath);
        }
        if (type.isArrayType() && type.getContentType().getRawClass() == byte.class) {
            // Bytes are one binary value (raw in CBOR, base64 in JSON), not a collection.
            return value;
        }
        if (type.isArrayType() || type.isCollectionLikeType()) {
            if (!value.isArray()) {
                throw mismatch(newPath, "a collection (" + type.getRawClass().getSimpleName() + ")", value, oldPath);
            }
            if (!isBean(type.getContentType())) {
                return value;
            }
            final ArrayNode out = mapper.createArrayNode();
            for (JsonNode element : value) {
                out.add(convert(type.getContentType(), newPath + ".*", element, oldPath + ".*"));
            }
            return out;
        }
        if (type.isMapLikeType()) {
            if (!value.isObject()) {
                throw mismatch(newPath, "a map (" + type.getRawClass().getSimpleName() + ")", value, oldPath);
            }
            if (!isBean(type.getContentType())) {
                return value;
            }
            final ObjectNode out = mapper.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                final Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), convert(type.getContentType(), newPath + ".*", e.getValue(), oldPath + ".*"));
            }
            return out;
        }
        // A scalar: the codec converts what it can (an int to a long) and names the field if not.
        return value;
    }

    /** Fails on the first old field under {@code path} that went nowhere and was not removed. */
    private void checkEverythingUsed(final JsonNode node, final String path, final Set<String> used) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            final String name = it.next();
            final String p = join(path, name);
            if (used.contains(name) || readFromAfar.contains(p) || mapping.isRemoved(p)) {
                continue;
            }
            final JsonNode child = node.get(name);
            if (child.isObject() && readFromAfar.stream().anyMatch(r -> r.startsWith(p + "."))) {
                checkEverythingUsed(child, p, Set.of());
                continue;
            }
            throw error(p, "the old state has it, but nothing in the new state class "
                + ctx.newType().getName() + " takes it; rename it or remove it");
        }
    }

    private List<BeanPropertyDefinition> properties(final JavaType type) {
        return mapper.getDeserializationConfig().introspect(type).findProperties();
    }

    /** @return whether values of this type are mapped field by field: a class of the state, not the JDK's */
    private static boolean isBean(final JavaType type) {
        final Class<?> raw = type.getRawClass();
        return !type.isContainerType() && !type.isArrayType() && !type.isPrimitive() && !type.isEnumType()
            && raw != Object.class && !raw.isInterface() && !Modifier.isAbstract(raw.getModifiers())
            && !raw.getName().startsWith("java.") && !JsonNode.class.isAssignableFrom(raw);
    }

    private JsonNode at(final String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    private StateTransformException mismatch(final String newPath, final String expected, final JsonNode value,
                                             final String oldPath) {
        return error(newPath, "the new state class holds " + expected + " there, but the old field '" + oldPath
            + "' holds " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + abbreviate(value));
    }

    private StateTransformException error(final String field, final String detail) {
        return new StateTransformException(ctx.server(), field, detail, null);
    }

    private static String abbreviate(final JsonNode value) {
        final String s = value.toString();
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    private static String join(final String parent, final String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    private static String parent(final String path) {
        final int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    private static String leaf(final String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
