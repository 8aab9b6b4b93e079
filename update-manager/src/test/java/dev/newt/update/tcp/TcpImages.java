package dev.newt.update.tcp;

import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.tcp.CongestionControl;
import dev.newt.net.tcp.NewReno;
import dev.newt.net.tcp.TcpConfig;
import dev.newt.net.tcp.TcpServer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The tcp images update-manager's build makes (see its pom): {@code tcp-v2}, a new version with a
 * changed state schema, and {@code tcp-broken}, version 1 plus a {@code BrokenTcpServer} that fails
 * after an update. Each is a class directory holding the tcp package less its configuration
 * ({@link TcpConfig} and the congestion control it names), which every version shares from the
 * parent loader, so a running tcp's config can construct the new version. {@link #v1()} makes an
 * image of version 1 the same way, from servers' own classes, for weaving faults into.
 */
public final class TcpImages {
    /** The v2 image's directory name, also its image name. */
    public static final String V2 = "tcp-v2";
    /** The broken image's directory name, also its image name. */
    static final String BROKEN = "tcp-broken";
    /** Binary name of the tcp server class, the same in every version. */
    static final String SERVER = TcpServer.class.getName();
    /** Binary name of the tcp state class, the same in every version. */
    static final String STATE = TcpServer.State.class.getName();
    /** The package every version of tcp lives in. */
    private static final String PACKAGE = "dev.newt.net.tcp.";
    /** The configuration every version is constructed with: from the parent loader, never from an image. */
    private static final Set<String> SHARED = Set.of(TcpConfig.class.getName(), CongestionControl.class.getName(),
        NewReno.class.getName());
    /** The image whose new connections use CUBIC, a congestion control only it has. */
    static final String CUBIC = "tcp-cubic";
    /** Binary name of the CUBIC image's server class. */
    static final String CUBIC_SERVER = "dev.newt.net.tcp.CubicTcpServer";
    /** Binary name of the broken image's server class. */
    static final String BROKEN_SERVER = "dev.newt.net.tcp.BrokenTcpServer";

    private TcpImages() {
    }

    /**
     * @param name {@link #V2}, {@link #BROKEN} or {@link #CUBIC}
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
     * A fresh instance of an image (its own loader, so its own classes) built by the pom: every
     * class in its directory belongs to it, everything else comes from the loader of servers and core.
     *
     * @param name {@link #V2}, {@link #BROKEN} or {@link #CUBIC}
     * @return the image
     */
    static ServerImage image(final String name) {
        return tcpImage(name, directory(name));
    }

    /**
     * @return a fresh image of version 1, read from where servers' tcp classes were loaded, for
     *         weaving faults into a tcp that an update then replaces
     */
    static ServerImage v1() {
        try {
            return tcpImage("tcp-v1", Path.of(ServerImage.locationOf(TcpServer.class).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad location of " + TcpServer.class, e);
        }
    }

    /** The tcp classes found at {@code root} (a class directory or a jar), less the shared configuration. */
    private static ServerImage tcpImage(final String name, final Path root) {
        final List<String> classes = ServerImage.builder(name).classPath(root).include(PACKAGE).build().classNames()
            .stream().filter(c -> !c.contains("$") && !SHARED.contains(c)).toList();
        if (classes.isEmpty()) {
            throw new IllegalStateException("image '" + name + "': no class of " + PACKAGE + "* in " + root);
        }
        return ServerImage.builder(name).classPath(root).include(classes.toArray(String[]::new))
            .parent(TcpServer.class.getClassLoader()).build();
    }

    /**
     * @param running the spec of the tcp it replaces (or would run as), whose settings it keeps
     * @param host    the host
     * @return the spec of that host's tcp from a fresh {@code tcp-v2} image, with the default config
     */
    public static ServerSpec<Object> v2(final ServerSpec<?> running, final HostConfig host) {
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

    /**
     * @param running the spec of the tcp it replaces (or would run as), whose settings it keeps
     * @param image   a fresh {@link #CUBIC} image, or one woven with faults
     * @param host    the host
     * @return the spec of that host's tcp from the image: version 1 whose new connections use CUBIC
     */
    static ServerSpec<Object> cubic(final ServerSpec<?> running, final ServerImage image, final HostConfig host) {
        return ImageSpecs.sameSettings(running, image, CUBIC_SERVER, STATE, host, TcpConfig.DEFAULTS);
    }
}
