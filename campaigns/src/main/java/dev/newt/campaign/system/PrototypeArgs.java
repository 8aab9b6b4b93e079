package dev.newt.campaign.system;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The constructor arguments of a server made by a supplier (the built-in workloads' app servers),
 * read back from a prototype: a public constructor each of whose parameter types is the type of
 * exactly one instance field of the server's class, which holds that argument (a server keeps its
 * configuration as it was given). A woven image's copy of the class is then constructed with them.
 */
final class PrototypeArgs {
    private PrototypeArgs() {
    }

    /**
     * @param prototype a server as its supplier made it
     * @return the arguments of its class's public constructor, from its fields
     * @throws IllegalArgumentException naming the class when no constructor's parameters match its fields one to one
     */
    static Object[] of(final Object prototype) {
        final Class<?> type = prototype.getClass();
        final Constructor<?>[] ctors = type.getConstructors();
        // The most specific first: a no-argument constructor would drop the configuration.
        Arrays.sort(ctors, Comparator.comparingInt((Constructor<?> c) -> -c.getParameterCount()));
        for (Constructor<?> c : ctors) {
            final List<Field> fields = match(c, type);
            if (fields != null) {
                final Object[] args = new Object[fields.size()];
                for (int i = 0; i < args.length; i++) {
                    try {
                        fields.get(i).setAccessible(true);
                        args[i] = fields.get(i).get(prototype);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        throw new IllegalArgumentException(type.getName() + ": cannot read field "
                            + fields.get(i).getName() + " for its woven copy: " + e, e);
                    }
                }
                return args;
            }
        }
        throw new IllegalArgumentException(type.getName() + " cannot be woven: no public constructor whose every "
            + "parameter type is the type of exactly one of its instance fields, so its configuration cannot be "
            + "read back from the server its workload made");
    }

    private static List<Field> match(final Constructor<?> c, final Class<?> type) {
        final List<Field> out = new ArrayList<>();
        final Set<Class<?>> seen = new HashSet<>();
        for (Class<?> p : c.getParameterTypes()) {
            if (!seen.add(p)) {
                return null;
            }
            final List<Field> same = Arrays.stream(type.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && f.getType() == p).toList();
            if (same.size() != 1) {
                return null;
            }
            out.add(same.get(0));
        }
        return out;
    }
}
