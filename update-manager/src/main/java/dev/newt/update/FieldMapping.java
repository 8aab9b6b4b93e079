package dev.newt.update;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link StateTransform} driven by the new state class: every field of the new class is filled
 * from the old field of the same name, unless a rename or a default says otherwise; nested objects
 * (also the elements of collections and the values of maps) are mapped the same way, field by
 * field. Lists, sets and arrays are interchangeable (the codec writes them all as arrays), so a
 * collection whose type changed needs nothing.
 *
 * <p>Nothing is lost or invented silently: a field of the new class that the mapping cannot fill,
 * and a field of the old state that goes nowhere and was not {@link #remove removed}, are errors
 * naming the field and the server.
 *
 * <p>Paths are dotted field names from the state's root ({@code limits.max}); {@code *} stands for
 * every element of a collection or value of a map ({@code connections.*.rto}). Immutable: each
 * method returns a new mapping.
 *
 * <pre>{@code
 * FieldMapping.automatic()
 *     .rename("entries", "count")              // old name, new name
 *     .rename("limits.max", "limits.maxEntries")
 *     .defaultValue("note", "migrated")        // a new field the old state lacks
 *     .remove("motto");                        // an old field the new version drops
 * }</pre>
 */
public final class FieldMapping implements StateTransform {
    private static final Pattern PATH = Pattern.compile("[^.*]+(\\.([^.*]+|\\*))*");
    private static final FieldMapping AUTOMATIC = new FieldMapping(Map.of(), Map.of(), Set.of());

    private final Map<String, String> renames;
    private final Map<String, Object> defaults;
    private final Set<String> removed;

    private FieldMapping(final Map<String, String> renames, final Map<String, Object> defaults,
                         final Set<String> removed) {
        this.renames = renames;
        this.defaults = defaults;
        this.removed = removed;
    }

    /** @return the mapping by field name alone */
    public static FieldMapping automatic() {
        return AUTOMATIC;
    }

    /**
     * @param oldPath the field in the old state
     * @param newPath the field of the new state it fills
     * @return a new mapping
     * @throws IllegalArgumentException for a malformed path or a new field renamed twice
     */
    public FieldMapping rename(final String oldPath, final String newPath) {
        checkPath(oldPath);
        checkPath(newPath);
        if (renames.containsKey(newPath)) {
            throw new IllegalArgumentException("field '" + newPath + "' is renamed twice: from '"
                + renames.get(newPath) + "' and from '" + oldPath + "'");
        }
        final Map<String, String> r = new LinkedHashMap<>(renames);
        r.put(newPath, oldPath);
        return new FieldMapping(Map.copyOf(r), defaults, removed);
    }

    /**
     * @param newPath a field of the new state that the old state may lack
     * @param value   its value then: any object the codec can write (a number, a string, a list...)
     * @return a new mapping
     */
    public FieldMapping defaultValue(final String newPath, final Object value) {
        checkPath(newPath);
        final Map<String, Object> d = new LinkedHashMap<>(defaults);
        d.put(newPath, value);
        return new FieldMapping(renames, Collections.unmodifiableMap(d), removed);
    }

    /**
     * @param oldPath a field of the old state the new version no longer has; its subfields go with it
     * @return a new mapping
     */
    public FieldMapping remove(final String oldPath) {
        checkPath(oldPath);
        final Set<String> r = new LinkedHashSet<>(removed);
        r.add(oldPath);
        return new FieldMapping(renames, defaults, Set.copyOf(r));
    }

    @Override
    public ObjectNode transform(final TransformContext context, final ObjectNode old) {
        Objects.requireNonNull(context, "context");
        return new MappingRun(this, context, old).run();
    }

    /**
     * Part by part when nothing under the parts reads from outside them: the parts' field keeps its
     * name, and every rename into a part reads from within a part.
     */
    @Override
    public Optional<ObjectNode> transformPart(final TransformContext context, final String partsField,
                                             final ObjectNode old) {
        Objects.requireNonNull(context, "context");
        final String inside = partsField + ".*.";
        if (renames.containsKey(partsField) || renames.containsValue(partsField)) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> r : renames.entrySet()) {
            if (r.getKey().startsWith(inside) != r.getValue().startsWith(inside)) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(new MappingRun(this, context, old).runPart(partsField));
    }

    /** @return the old path that fills {@code newPath}, or null when it is filled by name */
    String renamedFrom(final String newPath) {
        return renames.get(newPath);
    }

    /** @return the new fields this mapping renames into or gives defaults */
    Set<String> targets() {
        final Set<String> t = new LinkedHashSet<>(renames.keySet());
        t.addAll(defaults.keySet());
        return t;
    }

    boolean hasDefault(final String newPath) {
        return defaults.containsKey(newPath);
    }

    Object defaultOf(final String newPath) {
        return defaults.get(newPath);
    }

    /** @return whether {@code oldPath} or one of its parents was removed */
    boolean isRemoved(final String oldPath) {
        for (String r : removed) {
            if (oldPath.equals(r) || oldPath.startsWith(r + ".")) {
                return true;
            }
        }
        return false;
    }

    private static void checkPath(final String path) {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("malformed field path '" + path
                + "': use dotted field names, with '*' for the elements of a collection (a.b, a.*.c)");
        }
    }

    @Override
    public String toString() {
        return "FieldMapping[renames " + renames + ", defaults " + defaults.keySet() + ", removed " + removed + "]";
    }
}
