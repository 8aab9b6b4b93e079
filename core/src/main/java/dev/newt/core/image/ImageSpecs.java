package dev.newt.core.image;

import dev.newt.core.server.Server;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.store.StateCodec;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Builds {@link ServerSpec}s for servers whose classes come from a {@link ServerImage}. The server
 * and its state class are loaded by the image's loader, so that the runtime restores checkpoints
 * as the image's own state class ({@link ServerSpec#stateType()}); constructor arguments are
 * objects of the parent loader (configuration, for example), shared with the rest of the system.
 *
 * <p>The specs are typed {@code ServerSpec<Object>}: the state class is only known at run time.
 */
public final class ImageSpecs {
    private ImageSpecs() {
    }

    /**
     * A spec whose initial state is made by the state class's no-arg constructor.
     *
     * @param name            the server's name
     * @param image           where the server's classes come from
     * @param serverClassName binary name of the {@link Server} class, for example {@code a.b.Counter}
     * @param stateClassName  binary name of its state class, for example {@code a.b.Counter$State}
     * @param constructorArgs passed to the server's constructor for every incarnation: a
     *                        constructor of that arity whose parameters accept them is chosen
     * @return the spec, with the defaults of {@link ServerSpec#of}
     * @throws ImageException naming the image, the class and the arguments when a class is missing
     *                        or no constructor fits
     */
    public static ServerSpec<Object> spec(final String name, final ServerImage image, final String serverClassName,
                                          final String stateClassName, final Object... constructorArgs) {
        final Class<?> stateType = image.loadClass(stateClassName);
        final Constructor<?> noArg = noArgConstructor(image, stateType);
        return specWithInitialState(name, image, serverClassName, stateClassName,
            () -> instantiate(image, noArg, new Object[0]), constructorArgs);
    }

    /**
     * A spec whose initial state comes from {@code initialState}.
     *
     * @param name            the server's name
     * @param image           where the server's classes come from
     * @param serverClassName binary name of the {@link Server} class
     * @param stateClassName  binary name of its state class
     * @param initialState    makes a first or fresh state: an object of the image's state class
     *                        (load it with {@link ServerImage#loadClass})
     * @param constructorArgs passed to the server's constructor for every incarnation
     * @return the spec
     * @throws ImageException naming the image, the class and the arguments
     */
    public static ServerSpec<Object> specWithInitialState(final String name, final ServerImage image,
                                                          final String serverClassName, final String stateClassName,
                                                          final Supplier<?> initialState,
                                                          final Object... constructorArgs) {
        Objects.requireNonNull(initialState, "initialState");
        final Object[] args = constructorArgs.clone();
        final Class<?> serverType = image.loadClass(serverClassName);
        if (!Server.class.isAssignableFrom(serverType)) {
            throw new ImageException("image '" + image.name() + "': class " + serverClassName + " does not implement "
                + Server.class.getName(), null);
        }
        final Class<?> stateType = image.loadClass(stateClassName);
        final Constructor<?> ctor = constructorFor(image, serverType, args);
        @SuppressWarnings("unchecked")
        final Class<Object> state = (Class<Object>) stateType;
        return ServerSpec.of(name, state, () -> newServer(image, ctor, args), () -> checked(image, state,
            initialState.get()));
    }

    /**
     * A spec for a new version of a running server: every setting of {@code running} (recovery
     * and checkpoint policies, restart intensity, back-off, hang deadline, mailbox capacity, audit,
     * watches, aliases), with the server and state classes of {@code image}. The initial state (for
     * a later fresh restart) is made by the image's state class's no-arg constructor.
     *
     * @param running         the spec the server runs with now
     * @param image           the new version's classes
     * @param serverClassName binary name of the {@link Server} class in the image
     * @param stateClassName  binary name of its state class in the image
     * @param constructorArgs passed to the server's constructor for every incarnation
     * @return the spec of the new version, under the running server's name
     * @throws ImageException as {@link #spec} does
     */
    public static ServerSpec<Object> sameSettings(final ServerSpec<?> running, final ServerImage image,
                                                  final String serverClassName, final String stateClassName,
                                                  final Object... constructorArgs) {
        Objects.requireNonNull(running, "running");
        return running.withImplementation(spec(running.name(), image, serverClassName, stateClassName,
            constructorArgs));
    }

    /**
     * A spec for the same server built from another copy of its classes (a woven image): every
     * setting of {@code running}, and initial states that are {@code running}'s own, carried into
     * the image's state class through the checkpoint codec. Unlike {@link #sameSettings}, a state
     * whose fields only its initial-state supplier sets (sizes, configuration) starts as the
     * unwoven server's would, not as the state class's no-arg constructor leaves it.
     *
     * @param running         the spec the server runs with now; its state class has the same schema
     * @param image           the same server's classes, loaded (and woven) in their own loader
     * @param serverClassName binary name of the {@link Server} class in the image
     * @param stateClassName  binary name of its state class in the image
     * @param constructorArgs passed to the server's constructor for every incarnation
     * @return the spec, under the running server's name
     * @throws ImageException as {@link #spec} does
     */
    public static ServerSpec<Object> sameServer(final ServerSpec<?> running, final ServerImage image,
                                                final String serverClassName, final String stateClassName,
                                                final Object... constructorArgs) {
        Objects.requireNonNull(running, "running");
        final Class<?> stateType = image.loadClass(stateClassName);
        final StateCodec codec = new StateCodec();
        final Supplier<?> initial = () -> {
            final Object s = running.initialState();
            return s == null ? null : codec.decode(running.name(), codec.encode(running.name(), s), stateType);
        };
        return running.withImplementation(specWithInitialState(running.name(), image, serverClassName,
            stateClassName, initial, constructorArgs));
    }

    @SuppressWarnings("unchecked")
    private static Server<Object> newServer(final ServerImage image, final Constructor<?> ctor, final Object[] args) {
        return (Server<Object>) instantiate(image, ctor, args);
    }

    private static Object checked(final ServerImage image, final Class<Object> state, final Object s) {
        if (s != null && !state.isInstance(s)) {
            // The usual slip: a state made from the parent's copy of the class, not the image's.
            throw new ImageException("image '" + image.name() + "': initial state is a " + s.getClass().getName()
                + " of " + s.getClass().getClassLoader() + ", not the image's " + state.getName(), null);
        }
        return s;
    }

    private static Constructor<?> noArgConstructor(final ServerImage image, final Class<?> type) {
        try {
            final Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c;
        } catch (NoSuchMethodException e) {
            throw new ImageException("image '" + image.name() + "': state class " + type.getName()
                + " has no no-arg constructor; give an initial state supplier", e);
        }
    }

    private static Constructor<?> constructorFor(final ServerImage image, final Class<?> type, final Object[] args) {
        final List<Constructor<?>> fitting = new ArrayList<>();
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (accepts(c.getParameterTypes(), args)) {
                fitting.add(c);
            }
        }
        // Several may fit (an Object parameter and a String one): keep those no other one beats.
        final List<Constructor<?>> best = fitting.stream()
            .filter(c -> fitting.stream().noneMatch(o -> o != c && moreSpecific(o, c))).toList();
        if (best.size() != 1) {
            final String problem = best.isEmpty() ? "no constructor accepts" : "several constructors accept";
            throw new ImageException("image '" + image.name() + "': " + problem + " arguments " + describe(args)
                + " for class " + type.getName() + "; its constructors: "
                + Arrays.stream(type.getDeclaredConstructors()).map(ImageSpecs::signature)
                    .collect(Collectors.joining(", ")), null);
        }
        final Constructor<?> c = best.get(0);
        c.setAccessible(true);
        return c;
    }

    private static boolean accepts(final Class<?>[] params, final Object[] args) {
        if (params.length != args.length) {
            return false;
        }
        for (int i = 0; i < params.length; i++) {
            final Class<?> p = params[i].isPrimitive() ? boxed(params[i]) : params[i];
            if (args[i] == null ? params[i].isPrimitive() : !p.isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean moreSpecific(final Constructor<?> a, final Constructor<?> b) {
        final Class<?>[] pa = a.getParameterTypes();
        final Class<?>[] pb = b.getParameterTypes();
        for (int i = 0; i < pa.length; i++) {
            if (!pb[i].isAssignableFrom(pa[i])) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> boxed(final Class<?> p) {
        if (p == int.class) {
            return Integer.class;
        } else if (p == long.class) {
            return Long.class;
        } else if (p == boolean.class) {
            return Boolean.class;
        } else if (p == double.class) {
            return Double.class;
        } else if (p == float.class) {
            return Float.class;
        } else if (p == short.class) {
            return Short.class;
        } else if (p == byte.class) {
            return Byte.class;
        }
        return Character.class;
    }

    private static Object instantiate(final ServerImage image, final Constructor<?> c, final Object[] args) {
        try {
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            final Throwable t = e.getCause();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new ImageException("image '" + image.name() + "': constructor " + signature(c) + " failed: " + t, t);
        } catch (ReflectiveOperationException e) {
            throw new ImageException("image '" + image.name() + "': cannot call " + signature(c) + ": " + e, e);
        }
    }

    private static String signature(final Constructor<?> c) {
        return c.getDeclaringClass().getSimpleName() + Arrays.stream(c.getParameterTypes())
            .map(Class::getSimpleName).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String describe(final Object[] args) {
        return Arrays.stream(args).map(a -> a == null ? "null" : a.getClass().getSimpleName())
            .collect(Collectors.joining(", ", "(", ")"));
    }
}
