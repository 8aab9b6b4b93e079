package dev.newt.update;

import dev.newt.core.image.ImageClassLoader;
import dev.newt.core.image.ServerImage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds the {@link StateTransform} an image ships: a class of the image, with a no-arg
 * constructor, whose binary name is the first line (blank lines and {@code #} comments aside) of
 * the image's resource {@value #RESOURCE} (from the version before to this one), or of
 * {@value #REVERSE} (from this version back to the schema of the version it was updated from,
 * for an update that leaves this image: a rollback by update, or a next image that ships no
 * transform of its own).
 */
final class ShippedTransform {
    /** The resource naming an image's transformer class. */
    static final String RESOURCE = "META-INF/newt/state-transform";
    /** The resource naming an image's transformer back to the version before it. */
    static final String REVERSE = "META-INF/newt/reverse-transform";

    private ShippedTransform() {
    }

    /**
     * @param newStateType the new version's state class
     * @return the transformer its image ships; empty when the class is not from an image or the
     *         image ships none
     * @throws StateTransformException naming the server, the image and the class when the named
     *                                 class cannot be made into a transformer
     */
    static Optional<StateTransform> of(final String server, final Class<?> newStateType) {
        return shipped(server, newStateType, RESOURCE);
    }

    /**
     * @param oldStateType the running version's state class
     * @param newStateType the new version's state class
     * @return the transformer the new version's image ships ({@value #RESOURCE}), else the one the
     *         running version's image ships back to the version before it ({@value #REVERSE}),
     *         when the two state classes differ; empty when neither ships one
     * @throws StateTransformException as {@link #of(String, Class)}
     */
    static Optional<StateTransform> of(final String server, final Class<?> oldStateType, final Class<?> newStateType) {
        final Optional<StateTransform> forward = of(server, newStateType);
        return forward.isPresent() || oldStateType == newStateType ? forward
            : shipped(server, oldStateType, REVERSE);
    }

    private static Optional<StateTransform> shipped(final String server, final Class<?> stateType,
                                                    final String resource) {
        if (!(stateType.getClassLoader() instanceof ImageClassLoader loader)) {
            return Optional.empty();
        }
        final ServerImage image = loader.image();
        final Optional<String> className = readResource(server, image, resource);
        if (className.isEmpty()) {
            return Optional.empty();
        }
        final String where = "image '" + image.name() + "' names " + className.get() + " in " + resource;
        final Class<?> type = image.loadClass(className.get());
        if (!StateTransform.class.isAssignableFrom(type)) {
            throw new StateTransformException(server, "", where + ", which does not implement "
                + StateTransform.class.getName(), null);
        }
        try {
            final Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return Optional.of((StateTransform) c.newInstance());
        } catch (ReflectiveOperationException e) {
            throw new StateTransformException(server, "", where + ", which cannot be made with a no-arg constructor: "
                + e, e);
        }
    }

    /** @return the first line (not blank, not a # comment) of an image's own resource, if it has it */
    static Optional<String> readResource(final String server, final ServerImage image, final String resource) {
        // Only the image's own class path: the parent loader's resources are not the image's.
        try (URLClassLoader files = new URLClassLoader(image.classPath().toArray(URL[]::new), null)) {
            final URL url = files.findResource(resource);
            if (url == null) {
                return Optional.empty();
            }
            try (InputStream in = url.openStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst();
            }
        } catch (IOException e) {
            throw new StateTransformException(server, "", "cannot read " + resource + " of image '" + image.name()
                + "': " + e, e);
        }
    }
}
