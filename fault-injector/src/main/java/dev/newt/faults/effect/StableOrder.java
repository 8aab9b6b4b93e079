package dev.newt.faults.effect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * The order a corruption walks a collection in, the same in every JVM. A list, a sorted or linked
 * collection, an enum map or set keeps its own order. A hashed one keeps its iteration order only
 * when that order is a function of its contents and history alone: not {@code Set.of} and
 * {@code Map.of} (their order depends on a salt drawn when the JVM starts), nor one holding keys
 * whose hash is their identity (enums, plain objects), which differs from JVM to JVM. Those are
 * sorted by class name and {@code toString}, ties keeping their order. Without this a fault's seed
 * picked another value in another JVM, and a failure found by a swarm did not reproduce in the
 * JVM that shrank it.
 */
final class StableOrder {
    private static final Comparator<Object> BY_RENDERING =
        Comparator.comparing(o -> o == null ? "" : o.getClass().getName() + ":" + o);

    private StableOrder() {
    }

    /** @param c a collection @return its elements, in an order the same in every JVM */
    static List<Object> elements(final Collection<?> c) {
        final List<Object> out = new ArrayList<>(c);
        if (!keepsOwnOrder(c) && (salted(c) || !out.stream().allMatch(StableOrder::stableHash))) {
            out.sort(BY_RENDERING);
        }
        return out;
    }

    /** @param m a map @return its entries, in an order the same in every JVM */
    static List<Map.Entry<?, ?>> entries(final Map<?, ?> m) {
        final List<Map.Entry<?, ?>> out = new ArrayList<>(m.entrySet());
        if (!keepsOwnOrder(m) && (salted(m) || !m.keySet().stream().allMatch(StableOrder::stableHash))) {
            out.sort(Comparator.comparing(Map.Entry::getKey, BY_RENDERING));
        }
        return out;
    }

    private static boolean keepsOwnOrder(final Object container) {
        return container instanceof List<?> || container instanceof SortedSet<?> || container instanceof SortedMap<?, ?>
            || container instanceof LinkedHashSet<?> || container instanceof LinkedHashMap<?, ?>
            || container instanceof EnumSet<?> || container instanceof EnumMap<?, ?> || container instanceof Queue<?>;
    }

    /** {@code Set.of}, {@code Map.of} and their copies: iterated in an order drawn from a per-JVM salt. */
    private static boolean salted(final Object container) {
        final String n = container.getClass().getName();
        return n.equals("java.util.ImmutableCollections$Set12") || n.equals("java.util.ImmutableCollections$SetN")
            || n.equals("java.util.ImmutableCollections$MapN");
    }

    /**
     * Whether {@code o}'s hash is a function of its value: strings, boxed primitives, records and lists
     * of such, and classes that define their own hash (trusted to hash their value). Not enums and
     * plain objects, hashed by identity.
     */
    static boolean stableHash(final Object o) {
        if (o == null || o instanceof String || o instanceof Number && o.getClass().getName().startsWith("java.lang.")
            || o instanceof Boolean || o instanceof Character) {
            return true;
        }
        if (o instanceof Enum<?>) {
            return false;
        }
        if (o instanceof List<?> l) {
            return l.stream().allMatch(StableOrder::stableHash);
        }
        if (o.getClass().isRecord()) {
            for (var rc : o.getClass().getRecordComponents()) {
                try {
                    final var f = o.getClass().getDeclaredField(rc.getName());
                    f.setAccessible(true);
                    if (!stableHash(f.get(o))) {
                        return false;
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return false;
                }
            }
            return true;
        }
        try {
            return o.getClass().getMethod("hashCode").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
