package dev.newt.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where an image's class files live: class directories and jars, read directly (not through any
 * class loader), so that listing or weaving a class never loads it.
 */
final class ImageClassPath {
    private final List<Path> roots;

    ImageClassPath(final List<URL> urls) {
        final List<Path> paths = new ArrayList<>();
        for (URL u : urls) {
            paths.add(toPath(u));
        }
        this.roots = List.copyOf(paths);
    }

    static Path toPath(final URL url) {
        if (!"file".equals(url.getProtocol())) {
            throw new IllegalArgumentException("image class path entries must be file: URLs, was " + url);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad class path URL " + url, e);
        }
    }

    /** A class file and the class path entry it came from. */
    record Found(byte[] bytes, Path root) {
    }

    /** @return the class file of {@code className} from the first entry holding it, or {@code null} */
    Found find(final String className) {
        final String resource = className.replace('.', '/') + ".class";
        for (Path root : roots) {
            try {
                if (Files.isDirectory(root)) {
                    final Path file = root.resolve(resource);
                    if (Files.isRegularFile(file)) {
                        return new Found(Files.readAllBytes(file), root);
                    }
                } else if (Files.isRegularFile(root)) {
                    try (JarFile jar = new JarFile(root.toFile())) {
                        final JarEntry entry = jar.getJarEntry(resource);
                        if (entry != null) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                return new Found(in.readAllBytes(), root);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource + " from " + root, e);
            }
        }
        return null;
    }

    /** @return the binary names of every class file on the path that {@code wanted} accepts, sorted */
    List<String> classNames(final Predicate<String> wanted) {
        final List<String> names = new ArrayList<>();
        for (Path root : roots) {
            try {
                if (Files.isDirectory(root)) {
                    try (Stream<Path> files = Files.walk(root)) {
                        files.filter(p -> p.toString().endsWith(".class"))
                            .map(p -> toClassName(root.relativize(p).toString().replace('\\', '/')))
                            .filter(wanted).forEach(names::add);
                    }
                } else if (Files.isRegularFile(root)) {
                    try (JarFile jar = new JarFile(root.toFile())) {
                        final Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            final String n = entries.nextElement().getName();
                            if (n.endsWith(".class") && !n.startsWith("META-INF/")) {
                                final String cn = toClassName(n);
                                if (wanted.test(cn)) {
                                    names.add(cn);
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list classes of " + root, e);
            }
        }
        return names.stream().distinct().sorted().toList();
    }

    private static String toClassName(final String resource) {
        return resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
    }

    List<Path> roots() {
        return roots;
    }
}
