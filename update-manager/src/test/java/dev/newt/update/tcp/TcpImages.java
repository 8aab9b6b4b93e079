package dev.newt.update.tcp;

import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.tcp.TcpConfig;
import dev.newt.net.tcp.TcpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tcp images update-manager's build makes (see its pom): {@code tcp-v2}, a new version with a
 * changed state schema, and {@code tcp-broken}, version 1 plus a {@code BrokenTcpServer} that fails
 * after an update. Each is a class directory holding the tcp package less its configuration
 * ({@link TcpConfig} and the congestion control it names), which every version shares from the
 * parent loader, so a running tcp's config can construct the new version.
 */
final class TcpImages {
    /** The v2 image's directory name, also its image name. */
    static final String V2 = "tcp-v2";
    /** The broken image's directory name, also its image name. */
    static final String BROKEN = "tcp-broken";
    /** Binary name of the tcp server class, the same in every version. */
    static final String SERVER = TcpServer.class.getName();
    /** Binary name of the tcp state class, the same in every version. */
    static final String STATE = TcpServer.State.class.getName();
    /** Binary name of the broken image's server class. */
    static final String BROKEN_SERVER = "dev.newt.net.tcp.BrokenTcpServer";

    private TcpImages() {
    }

    /**
     * @param name {@link #V2} or {@link #BROKEN}
     * @return the image's class directory, under the build's {@code newt.images} directory
     * @throws IllegalStateException naming the directory if the build has not made it
     */
    static Path directory(final String name) {
        final Path dir = Path.of(System.getProperty("newt.images", "target/images")).resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("image directory " + dir.toAbsolutePath()
                + " is missing: build update-manager with Maven (process-test-classes makes it)");
        }
        return dir;
    }

    /**
     * A fresh instance of an image (its own loader, so its own classes): every class in its
     * directory belongs to it, everything else comes from the loader of servers and core.
     *
     * @param name {@link #V2} or {@link #BROKEN}
     * @return the image
     */
    static ServerImage image(final String name) {
        final Path dir = directory(name);
        final List<String> classes = topLevelClasses(dir);
        if (classes.isEmpty()) {
            throw new IllegalStateException("image directory " + dir.toAbsolutePath() + " holds no class");
        }
        return ServerImage.builder(name).classPath(dir).include(classes.toArray(String[]::new))
            .parent(TcpServer.class.getClassLoader()).build();
    }

    private static List<String> topLevelClasses(final Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p).toString().replace('\\', '/'))
                .filter(f -> f.endsWith(".class") && !f.contains("$"))
                .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list image directory " + dir, e);
        }
    }

    /**
     * @param running the spec of the tcp it replaces (or would run as), whose settings it keeps
     * @param host    the host
     * @return the spec of that host's tcp from a fresh {@code tcp-v2} image, with the default config
     */
    static ServerSpec<Object> v2(final ServerSpec<?> running, final HostConfig host) {
        return ImageSpecs.sameSettings(running, image(V2), SERVER, STATE, host, TcpConfig.DEFAULTS);
    }

    /**
     * @param running           the spec of the tcp it replaces, whose settings it keeps
     * @param host              the host
     * @param failAfterMessages 0: the updated incarnation fails to start; n: it crashes on its n-th message
     * @return the spec of that host's tcp from a fresh {@code tcp-broken} image
     */
    static ServerSpec<Object> broken(final ServerSpec<?> running, final HostConfig host, final int failAfterMessages) {
        return ImageSpecs.sameSettings(running, image(BROKEN), BROKEN_SERVER, STATE, host, TcpConfig.DEFAULTS,
            failAfterMessages);
    }
}
