package dev.newt.faults.effect;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Corrupts one value inside an object graph: a named field, or one chosen by the seed among all
 * the values the graph holds (primitives, strings, enums, elements of collections and arrays,
 * bytes of buffers, through records and nested objects).
 * Public for the injector's other packages; not an API.
 */
public final class Corruptor {

    /** What a corruption does to the value it picks. */
    public enum Mode {
        /** Flips one bit (a boolean is negated, an enum moves to the next constant). */
        FLIP_BIT("flip-bit"),
        /** Replaces it with a random value of its type. */
        RANDOMISE("randomise"),
        /** Replaces it with null (zero in a primitive slot); may pick any reference, not just leaves. */
        NULL("null");

        final String label;

        Mode(final String label) {
            this.label = label;
        }

        public static Mode of(final String label) {
            for (Mode m : values()) {
                if (m.label.equals(label)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown corruption mode " + label);
        }
    }

    /**
     * What a corruption did.
     *
     * @param root     the root after the change (a new object when it had to be rebuilt)
     * @param field    the path of the value changed, empty for the root itself
     * @param oldValue the value before, described
     * @param newValue the value after, described
     */
    public record Result(Object root, String field, String oldValue, String newValue) {
    }

    private Corruptor() {
    }

    /**
     * @param root    the object to corrupt
     * @param field   the path of the value to change, or {@code null} to let the seed choose; a path
     *                to a container lets the seed choose a value inside it
     * @param mode    what to do to the value
     * @param rnd     the fault's random source
     * @param inPlace whether mutable containers may be changed in place
     * @return what was done
     * @throws ObjectPath.CorruptionRefused if nothing fits or the change cannot be made
     */
    public static Result corrupt(final Object root, final String field, final Mode mode, final SplittableRandom rnd,
                          final boolean inPlace) {
        final List<ObjectPath.Node> all = new ArrayList<>();
        ObjectPath.walk(root, all::add);
        List<ObjectPath.Node> candidates = all;
        if (field != null) {
            final ObjectPath.Node named = all.stream().filter(n -> n.path().equals(field)).findFirst()
                .orElseThrow(() -> new ObjectPath.CorruptionRefused("no field '" + field + "' in "
                    + Values.describe(root) + "; it has: " + topLevel(all)));
            if (mode == Mode.NULL || Values.isScalar(named.value())) {
                candidates = List.of(named);
            } else {
                candidates = all.stream().filter(n -> n.path().startsWith(field + ".")
                    || n.path().startsWith(field + "[")).toList();
            }
        }
        final List<ObjectPath.Node> fit = candidates.stream().filter(n -> fits(n, mode)).toList();
        if (fit.isEmpty()) {
            throw new ObjectPath.CorruptionRefused("nothing to " + mode.label + " in " + Values.describe(root)
                + (field == null ? "" : " at '" + field + "'"));
        }
        final ObjectPath.Node target = fit.get(rnd.nextInt(fit.size()));
        final Object old = target.value();
        final Object replacement = switch (mode) {
            case FLIP_BIT -> Values.flipBit(old, rnd);
            case RANDOMISE -> Values.randomise(old, rnd);
            case NULL -> target.primitiveSlot() ? zeroLike(old) : null;
        };
        final Object newRoot = ObjectPath.set(root, target.steps(), replacement, inPlace);
        return new Result(newRoot, target.path(), Values.describe(old), Values.describe(replacement));
    }

    private static boolean fits(final ObjectPath.Node n, final Mode mode) {
        if (n.value() == null) {
            return false;
        }
        if (mode == Mode.NULL) {
            // The root cannot be nulled through a path: the caller holds it.
            return !n.steps().isEmpty();
        }
        return Values.isScalar(n.value());
    }

    private static Object zeroLike(final Object v) {
        if (v instanceof Long) {
            return 0L;
        } else if (v instanceof Integer) {
            return 0;
        } else if (v instanceof Short) {
            return (short) 0;
        } else if (v instanceof Byte) {
            return (byte) 0;
        } else if (v instanceof Character) {
            return (char) 0;
        } else if (v instanceof Double) {
            return 0.0;
        } else if (v instanceof Float) {
            return 0.0f;
        }
        return false;
    }

    private static String topLevel(final List<ObjectPath.Node> all) {
        return all.stream().filter(n -> n.steps().size() == 1).map(ObjectPath.Node::path)
            .collect(Collectors.joining(", "));
    }
}
