package dev.newt.core.image;

import java.net.MalformedURLException;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads the classes of one {@link ServerImage} child-first, from the image's own class path, and
 * delegates every other class (the JDK, core, the message types servers exchange, configuration)
 * to its parent, so that the image and the rest of the system share those types.
 *
 * <p>Each class of the image passes through the image's {@link ClassTransformer} when it is
 * defined: that is where faults are woven. One loader per image instance: a second instance of the
 * same image gets a second loader and so a second, unrelated set of classes (how a live update
 * loads a new version next to the old one). Thread-safe and parallel capable.
 */
public final class ImageClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final ServerImage image;
    private final ImageClassPath classPath;
    private final ClassTransformer transformer;
    private final Map<java.nio.file.Path, ProtectionDomain> domains = new ConcurrentHashMap<>();

    ImageClassLoader(final ServerImage image, final ImageClassPath classPath, final ClassLoader parent,
                     final ClassTransformer transformer) {
        super("image:" + image.name(), parent);
        this.image = image;
        this.classPath = classPath;
        this.transformer = transformer;
    }

    /** @return the image whose classes this loader defines */
    public ServerImage image() {
        return image;
    }

    @Override
    protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
        if (!image.contains(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(final String name) throws ClassNotFoundException {
        if (!image.contains(name)) {
            throw new ClassNotFoundException(name + " is not a class of image '" + image.name() + "'");
        }
        final ImageClassPath.Found found = classPath.find(name);
        if (found == null) {
            throw new ClassNotFoundException("class " + name + " is not in image '" + image.name()
                + "' (class path " + classPath.roots() + ")");
        }
        final byte[] bytes;
        try {
            bytes = transformer.transform(name, found.bytes());
        } catch (RuntimeException | LinkageError e) {
            // Loud on purpose: a silently unwoven class would make a fault experiment lie.
            throw new ImageException("image '" + image.name() + "': transforming class " + name
                + " failed: " + e, e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, domainOf(found.root()));
    }

    private void definePackageOf(final String className) {
        final int dot = className.lastIndexOf('.');
        if (dot > 0) {
            final String pkg = className.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException raced) {
                    // Another thread defined it first: fine, it is the same package.
                }
            }
        }
    }

    private ProtectionDomain domainOf(final java.nio.file.Path root) {
        return domains.computeIfAbsent(root, r -> {
            try {
                return new ProtectionDomain(new CodeSource(r.toUri().toURL(), (CodeSigner[]) null), null, this, null);
            } catch (MalformedURLException e) {
                throw new IllegalStateException("bad class path entry " + r, e);
            }
        });
    }

    @Override
    public String toString() {
        return "ImageClassLoader[" + image.name() + "]";
    }
}
