package dev.newt.faults.effect;

import java.util.SplittableRandom;

/**
 * Single values as faults change them: bits flipped, values randomised, off by one, defaults.
 * Boxed values keep their box type, so that a woven method can unbox them into its own type.
 * Public for the injector's other packages; not an API.
 */
public final class Values {
    private Values() {
    }

    /** @return whether {@code v} is a value these operations handle: a box, a string or an enum */
    static boolean isScalar(final Object v) {
        return v instanceof Number || v instanceof Boolean || v instanceof Character || v instanceof String
            || v instanceof Enum<?>;
    }

    /** @return {@code v} with one bit flipped: a random bit of a number, a char of a string */
    static Object flipBit(final Object v, final SplittableRandom rnd) {
        if (v instanceof Long x) {
            return x ^ (1L << rnd.nextInt(64));
        } else if (v instanceof Integer x) {
            return x ^ (1 << rnd.nextInt(32));
        } else if (v instanceof Short x) {
            return (short) (x ^ (1 << rnd.nextInt(16)));
        } else if (v instanceof Byte x) {
            return (byte) (x ^ (1 << rnd.nextInt(8)));
        } else if (v instanceof Character x) {
            return (char) (x ^ (1 << rnd.nextInt(16)));
        } else if (v instanceof Double x) {
            return Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ (1L << rnd.nextInt(64)));
        } else if (v instanceof Float x) {
            return Float.intBitsToFloat(Float.floatToRawIntBits(x) ^ (1 << rnd.nextInt(32)));
        } else if (v instanceof Boolean x) {
            return !x;
        } else if (v instanceof String s) {
            if (s.isEmpty()) {
                return "\u0001";
            }
            // A low bit, so that ASCII text stays ASCII and the damage looks like a real bit error.
            final int i = rnd.nextInt(s.length());
            final char c = (char) (s.charAt(i) ^ (1 << rnd.nextInt(7)));
            return s.substring(0, i) + c + s.substring(i + 1);
        } else if (v instanceof Enum<?> e) {
            return other(e, e.ordinal() + 1);
        }
        throw new IllegalArgumentException("cannot flip a bit of a " + v.getClass().getName());
    }

    /** @return a random value of {@code v}'s type, different from {@code v} where the type allows */
    public static Object randomise(final Object v, final SplittableRandom rnd) {
        for (int attempt = 0; attempt < 8; attempt++) {
            final Object r = randomOfType(v, rnd);
            if (!r.equals(v)) {
                return r;
            }
        }
        return flipBit(v, rnd);
    }

    private static Object randomOfType(final Object v, final SplittableRandom rnd) {
        if (v instanceof Long) {
            return rnd.nextLong();
        } else if (v instanceof Integer) {
            return rnd.nextInt();
        } else if (v instanceof Short) {
            return (short) rnd.nextInt();
        } else if (v instanceof Byte) {
            return (byte) rnd.nextInt();
        } else if (v instanceof Character) {
            return (char) rnd.nextInt(0x20, 0x7F);
        } else if (v instanceof Double) {
            return rnd.nextDouble() * 1e6;
        } else if (v instanceof Float) {
            return (float) (rnd.nextDouble() * 1e6);
        } else if (v instanceof Boolean) {
            return rnd.nextBoolean();
        } else if (v instanceof String s) {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.max(1, s.length()); i++) {
                sb.append((char) rnd.nextInt(0x20, 0x7F));
            }
            return sb.toString();
        } else if (v instanceof Enum<?> e) {
            return other(e, rnd.nextInt(e.getDeclaringClass().getEnumConstants().length));
        }
        throw new IllegalArgumentException("cannot randomise a " + v.getClass().getName());
    }

    /** @return {@code v} plus one (a boolean negated, a string with a character appended) */
    public static Object offByOne(final Object v) {
        if (v instanceof Long x) {
            return x + 1;
        } else if (v instanceof Integer x) {
            return x + 1;
        } else if (v instanceof Short x) {
            return (short) (x + 1);
        } else if (v instanceof Byte x) {
            return (byte) (x + 1);
        } else if (v instanceof Character x) {
            return (char) (x + 1);
        } else if (v instanceof Double x) {
            return x + 1;
        } else if (v instanceof Float x) {
            return x + 1;
        } else if (v instanceof Boolean x) {
            return !x;
        }
        throw new IllegalArgumentException("no off-by-one for a " + (v == null ? "null" : v.getClass().getName()));
    }

    /**
     * @param descriptor a JVM type descriptor, for example {@code J} or {@code Ljava/lang/String;}
     * @return its default value, boxed: zero, false, or {@code null} for references
     */
    public static Object defaultOf(final String descriptor) {
        switch (descriptor) {
            case "J":
                return 0L;
            case "I":
                return 0;
            case "S":
                return (short) 0;
            case "B":
                return (byte) 0;
            case "C":
                return (char) 0;
            case "D":
                return 0.0;
            case "F":
                return 0.0f;
            case "Z":
                return false;
            default:
                return null;
        }
    }

    private static Object other(final Enum<?> e, final int index) {
        final Object[] all = e.getDeclaringClass().getEnumConstants();
        return all[Math.floorMod(index, all.length)];
    }

    /** @return a short, deterministic description of a value for events */
    public static String describe(final Object v) {
        final String s;
        if (v == null) {
            s = "null";
        } else if (isScalar(v)) {
            s = String.valueOf(v);
        } else if (v instanceof java.util.Collection<?> c) {
            s = v.getClass().getSimpleName() + "(" + c.size() + ")";
        } else if (v instanceof java.util.Map<?, ?> m) {
            s = v.getClass().getSimpleName() + "(" + m.size() + ")";
        } else if (v instanceof byte[] b) {
            s = "byte[" + b.length + "]";
        } else if (v.getClass().isArray()) {
            s = v.getClass().getComponentType().getSimpleName() + "[" + java.lang.reflect.Array.getLength(v) + "]";
        } else {
            // toString may print identity hashes, which differ from run to run: events must not.
            s = v.getClass().getSimpleName();
        }
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
