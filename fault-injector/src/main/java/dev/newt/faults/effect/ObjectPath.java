package dev.newt.faults.effect;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A route from a root object to one value inside it, by reflection: fields of plain objects,
 * components of records, elements of lists, sets and arrays, values of maps and bytes of buffers.
 * Paths are written {@code entries[2].amount}, {@code balances[alice]}, {@code data[17]}.
 *
 * <p>Setting a value rebuilds what cannot be changed in place (records, immutable collections,
 * buffers, and in copy mode everything) from the value up to the root, so a message is never
 * mutated under its sender: corruption in copy mode yields a new root.
 * Public for the injector's other packages; not an API.
 */
public final class ObjectPath {
    private static final int MAX_DEPTH = 12;
    private static final int MAX_NODES = 20_000;

    /** One step from a container to a value in it. */
    sealed interface Step permits FieldStep, IndexStep, KeyStep {
    }

    /** A field of a plain object or a component of a record. */
    record FieldStep(Field field) implements Step {
    }

    /** An element of a list, set, array or buffer, by position. */
    record IndexStep(int index) implements Step {
    }

    /** A value of a map, by key. */
    record KeyStep(Object key) implements Step {
    }

    /** A value reachable from the root, with its route and whether it sits in a primitive slot. */
    record Node(List<Step> steps, Object value, boolean primitiveSlot) {
        String path() {
            return render(steps);
        }
    }

    private ObjectPath() {
    }

    static String render(final List<Step> steps) {
        final StringBuilder sb = new StringBuilder();
        for (Step s : steps) {
            if (s instanceof FieldStep f) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(f.field().getName());
            } else if (s instanceof IndexStep i) {
                sb.append('[').append(i.index()).append(']');
            } else {
                sb.append('[').append(((KeyStep) s).key()).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * Visits the root and every value reachable from it, depth first, in an order that is the same in
     * every JVM: fields by {@link #fieldsOf}, sets and maps whose iteration order depends on the JVM
     * ({@code Set.of}, enum keys...) in {@link StableOrder}'s order, so that a seed picks the same value.
     */
    static void walk(final Object root, final Consumer<Node> visitor) {
        final int[] budget = {MAX_NODES};
        walk(new Node(List.of(), root, false), visitor, new IdentityHashMap<>(), budget);
    }

    private static void walk(final Node node, final Consumer<Node> visitor, final IdentityHashMap<Object, Boolean> seen,
                             final int[] budget) {
        if (budget[0]-- <= 0) {
            return;
        }
        visitor.accept(node);
        final Object v = node.value();
        if (v == null || Values.isScalar(v) || node.steps().size() >= MAX_DEPTH || seen.put(v, Boolean.TRUE) != null) {
            return;
        }
        final Class<?> type = v.getClass();
        if (type.isArray()) {
            final boolean primitive = type.getComponentType().isPrimitive();
            for (int i = 0; i < Array.getLength(v); i++) {
                walk(child(node, new IndexStep(i), Array.get(v, i), primitive), visitor, seen, budget);
            }
        } else if (v instanceof ByteBuffer b) {
            for (int i = b.position(); i < b.limit(); i++) {
                walk(child(node, new IndexStep(i), b.get(i), true), visitor, seen, budget);
            }
        } else if (v instanceof Collection<?> c) {
            int i = 0;
            for (Object e : StableOrder.elements(c)) {
                walk(child(node, new IndexStep(i++), e, false), visitor, seen, budget);
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : StableOrder.entries(m)) {
                walk(child(node, new KeyStep(e.getKey()), e.getValue(), false), visitor, seen, budget);
            }
        } else if (!isJdk(type)) {
            for (Field f : fieldsOf(type)) {
                walk(child(node, new FieldStep(f), read(f, v), f.getType().isPrimitive()), visitor, seen, budget);
            }
        }
    }

    private static Node child(final Node parent, final Step step, final Object value, final boolean primitiveSlot) {
        final List<Step> steps = new ArrayList<>(parent.steps());
        steps.add(step);
        return new Node(List.copyOf(steps), value, primitiveSlot);
    }

    static boolean isJdk(final Class<?> type) {
        final String n = type.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.");
    }

    /** @return the instance fields of {@code type}: superclass first, then by name; records by component order */
    static List<Field> fieldsOf(final Class<?> type) {
        final List<Field> out = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent rc : type.getRecordComponents()) {
                try {
                    final Field f = type.getDeclaredField(rc.getName());
                    f.setAccessible(true);
                    out.add(f);
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException("record " + type.getName() + " lacks field " + rc.getName(), e);
                }
            }
            return out;
        }
        if (type.getSuperclass() != null && type.getSuperclass() != Object.class && !isJdk(type.getSuperclass())) {
            out.addAll(fieldsOf(type.getSuperclass()));
        }
        final List<Field> own = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                f.setAccessible(true);
                own.add(f);
            }
        }
        own.sort(Comparator.comparing(Field::getName));
        out.addAll(own);
        return out;
    }

    private static Object read(final Field f, final Object target) {
        try {
            return f.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + f, e);
        }
    }

    /**
     * @param root    the root object
     * @param steps   a route in it
     * @param value   the new value at the end of the route
     * @param inPlace whether mutable containers may be changed in place (the server's own state)
     *                or must be copied (a message)
     * @return the root after the change: the same object, or a rebuilt one
     */
    static Object set(final Object root, final List<Step> steps, final Object value, final boolean inPlace) {
        return set(root, steps, 0, value, inPlace);
    }

    private static Object set(final Object container, final List<Step> steps, final int i, final Object value,
                              final boolean inPlace) {
        if (i == steps.size()) {
            return value;
        }
        final Step step = steps.get(i);
        final Object child = get(container, step);
        final Object newChild = set(child, steps, i + 1, value, inPlace);
        if (newChild == child && i + 1 < steps.size()) {
            return container;
        }
        return replace(container, step, newChild, inPlace);
    }

    static Object get(final Object container, final Step step) {
        if (step instanceof FieldStep f) {
            return read(f.field(), container);
        } else if (step instanceof KeyStep k) {
            return ((Map<?, ?>) container).get(k.key());
        }
        final int index = ((IndexStep) step).index();
        if (container.getClass().isArray()) {
            return Array.get(container, index);
        } else if (container instanceof ByteBuffer b) {
            return b.get(index);
        } else if (container instanceof List<?> l) {
            return l.get(index);
        }
        return StableOrder.elements((Collection<?>) container).get(index);
    }

    private static Object replace(final Object container, final Step step, final Object value, final boolean inPlace) {
        if (step instanceof FieldStep f) {
            return replaceField(container, f.field(), value, inPlace);
        } else if (step instanceof KeyStep k) {
            return replaceInMap(container, k.key(), value, inPlace);
        }
        final int index = ((IndexStep) step).index();
        if (container.getClass().isArray()) {
            final Object target = inPlace ? container : cloneArray(container);
            Array.set(target, index, value);
            return target;
        } else if (container instanceof ByteBuffer b) {
            // Buffers are handed around as read-only views: always copy, keep position and limit.
            final ByteBuffer copy = ByteBuffer.allocate(b.capacity());
            copy.put(b.duplicate().clear());
            copy.clear().position(b.position()).limit(b.limit());
            copy.put(index, (Byte) value);
            return b.isReadOnly() ? copy.asReadOnlyBuffer() : copy;
        } else if (container instanceof List<?> l) {
            return replaceInList(l, index, value, inPlace);
        }
        return replaceInCollection((Collection<?>) container, index, value);
    }

    @SuppressWarnings("unchecked")
    private static Object replaceInList(final List<?> list, final int index, final Object value, final boolean inPlace) {
        if (inPlace) {
            try {
                ((List<Object>) list).set(index, value);
                return list;
            } catch (UnsupportedOperationException | NullPointerException immutable) {
                // List.of and friends: rebuild below.
            }
        }
        final List<Object> copy = new ArrayList<>(list);
        copy.set(index, value);
        return copy;
    }

    private static Object replaceInCollection(final Collection<?> c, final int index, final Object value) {
        final List<Object> elements = new ArrayList<>(StableOrder.elements(c));
        elements.set(index, value);
        if (c instanceof SortedSet<?> && value != null) {
            return new TreeSet<>(elements);
        }
        return c instanceof Set<?> ? new LinkedHashSet<>(elements) : elements;
    }

    @SuppressWarnings("unchecked")
    private static Object replaceInMap(final Object container, final Object key, final Object value, final boolean inPlace) {
        final Map<Object, Object> map = (Map<Object, Object>) container;
        if (inPlace) {
            try {
                map.put(key, value);
                return map;
            } catch (UnsupportedOperationException | NullPointerException immutable) {
                // Map.of and friends: rebuild below.
            }
        }
        final Map<Object, Object> copy = map instanceof SortedMap<?, ?> s && s.comparator() == null
            ? new TreeMap<>(map) : new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    private static Object replaceField(final Object container, final Field field, final Object value,
                                       final boolean inPlace) {
        final Class<?> type = container.getClass();
        try {
            if (type.isRecord()) {
                final RecordComponent[] rcs = type.getRecordComponents();
                final Object[] args = new Object[rcs.length];
                final Class<?>[] types = new Class<?>[rcs.length];
                for (int i = 0; i < rcs.length; i++) {
                    types[i] = rcs[i].getType();
                    args[i] = rcs[i].getName().equals(field.getName()) ? value : read(fieldsOf(type).get(i), container);
                }
                final var ctor = type.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                return ctor.newInstance(args);
            }
            final Object target = inPlace ? container : shallowCopy(container);
            field.set(target, value);
            return target;
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new CorruptionRefused("record " + type.getSimpleName() + " refused the value: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new CorruptionRefused("cannot set " + type.getSimpleName() + "." + field.getName() + ": " + e);
        }
    }

    private static Object shallowCopy(final Object o) throws ReflectiveOperationException {
        final var ctor = o.getClass().getDeclaredConstructor();
        ctor.setAccessible(true);
        final Object copy = ctor.newInstance();
        for (Field f : fieldsOf(o.getClass())) {
            f.set(copy, f.get(o));
        }
        return copy;
    }

    private static Object cloneArray(final Object array) {
        final int n = Array.getLength(array);
        final Object copy = Array.newInstance(array.getClass().getComponentType(), n);
        System.arraycopy(array, 0, copy, 0, n);
        return copy;
    }

    /** A value cannot be put where a corruption wants it: a record's constructor refused it, say. */
    public static final class CorruptionRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CorruptionRefused(final String message) {
            super(message, null, false, false);
        }
    }
}
