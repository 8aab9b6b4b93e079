package dev.newt.campaign.system;

import dev.newt.core.image.ServerImage;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries constructor arguments into a server image. A server's configuration is often a record
 * of the server's own package ({@code WireConfig}, {@code PfRules}, {@code TcpConfig}); the image
 * loads its own copy of that class, so the caller's object does not fit the woven server's
 * constructor. Such records (and enums, lists, maps and optionals of them) are rebuilt as the
 * image's classes from their components; everything else is passed as it is.
 */
public final class ImageArgs {
    private ImageArgs() {
    }

    /**
     * @param image the image the arguments go into
     * @param args  arguments made with the caller's classes
     * @return the arguments, with the image's classes where the image has its own
     */
    public static Object[] into(final ServerImage image, final Object... args) {
        final Object[] out = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = into(image, args[i]);
        }
        return out;
    }

    private static Object into(final ServerImage image, final Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> l) {
            final List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(into(image, v)));
            return List.copyOf(out);
        }
        if (value instanceof Map<?, ?> m) {
            final Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(into(image, k), into(image, v)));
            return Map.copyOf(out);
        }
        if (value instanceof Optional<?> o) {
            return o.map(v -> into(image, v));
        }
        final Class<?> type = value.getClass();
        if (!image.contains(type.getName())) {
            return value;
        }
        final Class<?> theirs = image.loadClass(type.getName());
        if (type.isEnum()) {
            return enumConstant(theirs, ((Enum<?>) value).name());
        }
        final Object constant = sameConstant(type, theirs, value);
        if (constant != null) {
            return constant;
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException("image '" + image.name() + "': cannot pass a " + type.getName()
                + " into the image: only records, enums, lists, maps and optionals of its own classes are rebuilt");
        }
        try {
            final RecordComponent[] mine = type.getRecordComponents();
            final Object[] parts = new Object[mine.length];
            final Class<?>[] types = new Class<?>[mine.length];
            final RecordComponent[] target = theirs.getRecordComponents();
            for (int i = 0; i < mine.length; i++) {
                mine[i].getAccessor().setAccessible(true);
                parts[i] = into(image, mine[i].getAccessor().invoke(value));
                types[i] = target[i].getType();
            }
            final Constructor<?> c = theirs.getDeclaredConstructor(types);
            c.setAccessible(true);
            return c.newInstance(parts);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("image '" + image.name() + "': cannot rebuild " + type.getName()
                + " in the image: " + e, e);
        }
    }

    /**
     * A named constant such as {@code TcpConfig.DEFAULTS} is taken from the image's class: it may
     * hold what cannot be rebuilt (a factory lambda of the image's own classes).
     */
    private static Object sameConstant(final Class<?> type, final Class<?> theirs, final Object value) {
        for (Field f : type.getDeclaredFields()) {
            final int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && Modifier.isPublic(m) && f.getType() == type) {
                try {
                    if (f.get(null) == value) {
                        return theirs.getDeclaredField(f.getName()).get(null);
                    }
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(final Class<?> type, final String name) {
        return Enum.valueOf((Class) type, name);
    }
}
