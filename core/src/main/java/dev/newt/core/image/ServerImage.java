package dev.newt.core.image;

import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named set of classes that implement a server (its implementation and its state classes): a
 * class path (directories and jars) and the packages or classes of it that belong to the image.
 * The image's classes are loaded child-first by its own {@link ImageClassLoader}, one per image
 * instance; everything else comes from the parent loader, which holds core and the message types
 * servers exchange.
 *
 * <p>Immutable apart from its loader, made on first use. {@link #withTransformer} returns a new
 * image, hence a new loader and fresh classes.
 *
 * <pre>{@code
 * ServerImage image = ServerImage.of("counter-v1", Counter.class);   // Counter's package, from where it was loaded
 * ServerSpec<Object> spec = ImageSpecs.spec("counter", image, "x.y.Counter", "x.y.Counter$State");
 * }</pre>
 */
public final class ServerImage {
    /** Classes that must come from the parent; an include that covers one of them is refused. */
    private static final List<String> SHARED = List.of("java.lang.Object", "javax.annotation.processing.Filer",
        "jdk.internal.misc.Unsafe", "sun.misc.Unsafe", "dev.newt.core.server.Server",
        "dev.newt.core.message.Envelope", "dev.newt.core.runtime.NewtRuntime", "dev.newt.core.event.Event",
        "dev.newt.core.exec.Executor", "dev.newt.core.mailbox.Mailbox", "dev.newt.core.store.StateStore",
        "dev.newt.core.time.Clock", "dev.newt.core.image.ServerImage");
    private final String name;
    private final List<URL> classPath;
    private final List<String> includes;
    private final ClassLoader parent;
    private final ClassTransformer transformer;
    private final ImageClassPath files;
    private volatile ImageClassLoader loader;

    private ServerImage(final String name, final List<URL> classPath, final List<String> includes,
                        final ClassLoader parent, final ClassTransformer transformer) {
        this.name = name;
        this.classPath = List.copyOf(classPath);
        this.includes = List.copyOf(includes);
        this.parent = parent;
        this.transformer = transformer;
        this.files = new ImageClassPath(this.classPath);
    }

    /**
     * An image of the package of {@code anchor}, with its subpackages, read from where
     * {@code anchor} was loaded from (its code source), with {@code anchor}'s loader as parent.
     *
     * @param name   the image's name, for errors and events
     * @param anchor any class of the image's package
     * @return the image
     */
    public static ServerImage of(final String name, final Class<?> anchor) {
        return builder(name).classPath(locationOf(anchor)).include(anchor.getPackageName() + ".")
            .parent(anchor.getClassLoader()).build();
    }

    /**
     * An image of a new version built apart (a class directory or jar at {@code root}): the
     * top-level classes of {@code anchor}'s package found there, each with its nested classes,
     * child-first over {@code anchor}'s loader. Classes of the package that the image leaves out
     * (configuration it shares with the running version, say) come from that loader.
     *
     * @param name   the image's name, for errors and events
     * @param root   the image's class directory or jar
     * @param anchor a class of the running version's package
     * @return the image
     * @throws IllegalArgumentException naming the image, the root and the package if it holds no class of it
     */
    public static ServerImage ofPackageAt(final String name, final Path root, final Class<?> anchor) {
        final String pkg = anchor.getPackageName() + ".";
        final String[] classes = builder(name).classPath(root).include(pkg).build().classNames().stream()
            .filter(c -> !c.contains("$")).toArray(String[]::new);
        if (classes.length == 0) {
            throw new IllegalArgumentException("image '" + name + "' (" + root + ") has no class of " + pkg + "*");
        }
        return builder(name).classPath(root).include(classes).parent(anchor.getClassLoader()).build();
    }

    /** @param name the image's name, for errors and events @return a builder */
    public static Builder builder(final String name) {
        return new Builder(name);
    }

    /**
     * @param type a class
     * @return the class path entry (directory or jar) it was loaded from
     * @throws IllegalArgumentException if its code source is unknown (a JDK class, a generated one)
     */
    public static URL locationOf(final Class<?> type) {
        final CodeSource cs = type.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            throw new IllegalArgumentException("class " + type.getName() + " has no code source to read an image from");
        }
        return cs.getLocation();
    }

    /** @return the image's name */
    public String name() {
        return name;
    }

    /** @return the class path entries, in search order */
    public List<URL> classPath() {
        return classPath;
    }

    /** @return package prefixes (ending in '.') and class names that belong to the image */
    public List<String> includes() {
        return includes;
    }

    /** @return the transformer applied to every class of the image when it is defined */
    public ClassTransformer transformer() {
        return transformer;
    }

    /**
     * @param className a binary class name
     * @return whether the class belongs to this image: it is in one of its packages (or their
     *         subpackages), or is one of its classes or nested in one
     */
    public boolean contains(final String className) {
        for (String inc : includes) {
            if (covers(inc, className)) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(final String include, final String className) {
        return include.endsWith(".") ? className.startsWith(include)
            : className.equals(include) || className.startsWith(include + "$");
    }

    /**
     * @param next applied to each class after this image's own transformer
     * @return a new image with the same classes and a fresh loader that applies both
     */
    public ServerImage withTransformer(final ClassTransformer next) {
        return new ServerImage(name, classPath, includes, parent, transformer.andThen(next));
    }

    /** @return this instance's loader, made on first use */
    public ImageClassLoader loader() {
        ImageClassLoader l = loader;
        if (l == null) {
            synchronized (this) {
                l = loader;
                if (l == null) {
                    l = new ImageClassLoader(this, files, parent, transformer);
                    loader = l;
                }
            }
        }
        return l;
    }

    /**
     * Loads a class through this image's loader: an image class is defined (and transformed) by
     * it, any other class comes from the parent. Does not initialize the class.
     *
     * @param className a binary class name
     * @return the class
     * @throws ImageException naming the image and the class if it cannot be loaded
     */
    public Class<?> loadClass(final String className) {
        try {
            return Class.forName(className, false, loader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ImageException("image '" + name + "': cannot load class " + className + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param className a class of the image
     * @return its class file as found on the image's class path, untransformed, or {@code null}
     */
    public byte[] classBytes(final String className) {
        if (!contains(className)) {
            return null;
        }
        final ImageClassPath.Found f = files.find(className);
        return f == null ? null : f.bytes();
    }

    /** @return the binary names of every class of the image found on its class path, sorted */
    public List<String> classNames() {
        return files.classNames(this::contains);
    }

    @Override
    public String toString() {
        return "ServerImage[" + name + ", " + includes + "]";
    }

    /** Builds an image; validates as it goes, naming the image and the setting. */
    public static final class Builder {
        private final String name;
        private final List<URL> classPath = new ArrayList<>();
        private final List<String> includes = new ArrayList<>();
        private ClassLoader parent = ServerImage.class.getClassLoader();
        private ClassTransformer transformer = ClassTransformer.NONE;

        private Builder(final String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an image needs a name");
            }
            this.name = name;
        }

        /** @param entries class directories or jars, searched in order @return this */
        public Builder classPath(final URL... entries) {
            for (URL u : entries) {
                ImageClassPath.toPath(Objects.requireNonNull(u, "class path entry"));
                classPath.add(u);
            }
            return this;
        }

        /** @param entries class directories or jars, searched in order @return this */
        public Builder classPath(final Path... entries) {
            for (Path p : entries) {
                try {
                    classPath.add(p.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalArgumentException("image '" + name + "': bad class path entry " + p, e);
                }
            }
            return this;
        }

        /**
         * @param packagesOrClasses a package prefix ending in '.' (its subpackages included) or a
         *                          binary class name (its nested classes included)
         * @return this
         * @throws IllegalArgumentException for JDK or core packages, which must come from the parent
         */
        public Builder include(final String... packagesOrClasses) {
            for (String p : packagesOrClasses) {
                if (p == null || p.isBlank() || p.equals(".")) {
                    throw new IllegalArgumentException("image '" + name + "': empty include");
                }
                if (SHARED.stream().anyMatch(shared -> covers(p, shared))) {
                    throw new IllegalArgumentException("image '" + name + "': include '" + p
                        + "' covers JDK or core classes, which the parent loader must provide");
                }
                includes.add(p);
            }
            return this;
        }

        /** @param loader the parent of the image's loader: core and the message types @return this */
        public Builder parent(final ClassLoader loader) {
            this.parent = Objects.requireNonNull(loader, "parent");
            return this;
        }

        /** @param t applied to every class of the image when it is defined @return this */
        public Builder transformer(final ClassTransformer t) {
            this.transformer = Objects.requireNonNull(t, "transformer");
            return this;
        }

        /** @return the image @throws IllegalArgumentException if it has no class path or includes */
        public ServerImage build() {
            if (classPath.isEmpty()) {
                throw new IllegalArgumentException("image '" + name + "': no class path");
            }
            if (includes.isEmpty()) {
                throw new IllegalArgumentException("image '" + name + "': includes no package or class");
            }
            return new ServerImage(name, classPath, includes, parent, transformer);
        }
    }
}
