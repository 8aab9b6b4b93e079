package dev.newt.campaign.spec;

import dev.newt.core.server.Server;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class loader of a campaign's user components: every image path they name, over Newt's own
 * loader. Their shared types (messages) come from here; each component's own package is loaded
 * again by its image (see {@link Components}).
 */
public final class Plugins {
    private Plugins() {
    }

    /** @param system a system @return the distinct image paths of its user components, in file order */
    public static List<Path> paths(final SystemModel system) {
        final Set<Path> out = new LinkedHashSet<>();
        system.components().forEach(u -> out.add(u.image()));
        return new ArrayList<>(out);
    }

    /** @param paths class directories and jars @return a loader over them, parent Newt's loader */
    public static ClassLoader loader(final List<Path> paths) {
        if (paths.isEmpty()) {
            return Plugins.class.getClassLoader();
        }
        final URL[] urls = new URL[paths.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = paths.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad image path " + paths.get(i), e);
            }
        }
        return new URLClassLoader("newt-plugins", urls, Plugins.class.getClassLoader());
    }

    /**
     * @param serverClass a {@code Server} implementation
     * @return the binary name of its state class: the type argument {@code S} of the {@code Server<S>}
     *         it implements, searched up its superclasses
     * @throws IllegalArgumentException naming the class when the argument is not a class
     */
    public static String stateClassOf(final Class<?> serverClass) {
        for (Class<?> c = serverClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == Server.class
                    && p.getActualTypeArguments()[0] instanceof Class<?> s) {
                    return s.getName();
                }
            }
        }
        throw new IllegalArgumentException("cannot tell the state class of " + serverClass.getName()
            + " (it does not implement Server<S> with a class for S): give 'state'");
    }
}
