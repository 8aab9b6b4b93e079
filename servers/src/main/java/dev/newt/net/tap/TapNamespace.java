package dev.newt.net.tap;

import dev.newt.net.wire.Ipv4Address;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private Linux network namespace holding one TAP device, for tests and benchmarks that put a
 * Newt host in front of the kernel's own tools. The layout:
 * <pre>
 *   namespace newt-t&lt;pid&gt;-&lt;n&gt;:  lo (up), newt0 (TAP, 10.77.0.1/24, IPv6 off)
 *   Newt host:                    10.77.0.2/24 on the same device, opened from outside
 * </pre>
 * The kernel's side has the only address and the only route in the namespace, and the namespace
 * has no other interface, so nothing sent there can reach any other network; the tools run inside
 * it ({@link #run}, {@link #start}). Opening the device ({@link #openDevice()}) binds Newt to it
 * from this process's namespace.
 *
 * <p>Cleanup: {@link #close()} kills the programs it started, deletes the device and the
 * namespace (and with it any nftables table made in it); a JVM shutdown hook does the same for a
 * namespace not closed, and names are unique per process and instance, so runs never collide.
 * A process killed outright leaves its namespaces behind: {@code .ci/run} deletes every
 * {@code newt-t*} namespace after the tests.
 */
public final class TapNamespace implements AutoCloseable {
    /** The TAP device's name inside the namespace. */
    public static final String DEVICE = "newt0";
    /** The kernel's address on the device. */
    public static final Ipv4Address KERNEL = Ipv4Address.parse("10.77.0.1");
    /** The address the Newt host takes. */
    public static final Ipv4Address NEWT = Ipv4Address.parse("10.77.0.2");
    /** The subnet's prefix length. */
    public static final int PREFIX = 24;
    /** The prefix of every namespace's name. */
    public static final String NAME_PREFIX = "newt-t";

    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private final String name;
    private final String ip;
    private final List<Process> started = new ArrayList<>();
    private boolean closed;

    private TapNamespace(final String name, final String ip) {
        this.name = name;
        this.ip = ip;
    }

    /**
     * @return why no namespace can be made here (not Linux, not root, no {@code /dev/net/tun}, no
     *         {@code ip}), or empty when one can
     */
    public static Optional<String> unavailable() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("TAP devices need Linux, this is " + System.getProperty("os.name"));
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            return Optional.of("no /dev/net/tun on this machine");
        }
        if (LibC.geteuid() != 0) {
            return Optional.of("network namespaces and TAP devices need root (euid " + LibC.geteuid() + ")");
        }
        if (Command.find("ip").isEmpty()) {
            return Optional.of("the 'ip' command (iproute2) is not installed");
        }
        return Optional.empty();
    }

    /**
     * Makes a namespace {@code newt-t<pid>-<n>} with the device up and the kernel's address on it.
     *
     * @return the namespace
     * @throws IOException naming the command that failed; whatever was made is removed
     */
    public static TapNamespace create() throws IOException {
        final Optional<String> why = unavailable();
        if (why.isPresent()) {
            throw new IOException("cannot make a TAP namespace: " + why.get());
        }
        final String name = NAME_PREFIX + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
        final TapNamespace ns = new TapNamespace(name, Command.find("ip").orElseThrow().toString());
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(TapNamespace::removeLeftovers, "newt-tap-netns-cleanup"));
        }
        LIVE.add(name);
        try {
            ns.ip("netns", "add", name);
            ns.ip("-n", name, "link", "set", "lo", "up");
            ns.ip("-n", name, "tuntap", "add", "dev", DEVICE, "mode", "tap");
            // No IPv6 on the link: the kernel would send router solicitations and MLD reports that
            // Newt only drops; the test traffic is IPv4.
            ns.run(IP_TIMEOUT, "sysctl", "-q", "-w", "net.ipv6.conf." + DEVICE + ".disable_ipv6=1");
            ns.ip("-n", name, "addr", "add", KERNEL + "/" + PREFIX, "dev", DEVICE);
            ns.ip("-n", name, "link", "set", DEVICE, "up");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    private void ip(final String... args) throws IOException {
        final List<String> argv = new ArrayList<>();
        argv.add(ip);
        argv.addAll(List.of(args));
        Command.run(IP_TIMEOUT, argv).orThrow();
    }

    /** @return the namespace's name */
    public String name() {
        return name;
    }

    /** @return the namespace's file, for {@link TapDevice#open(String, Path)} */
    public Path path() {
        return Path.of("/run/netns", name);
    }

    /**
     * @return the namespace's device, opened from this process
     * @throws IOException if it cannot be opened
     */
    public TapDevice openDevice() throws IOException {
        return TapDevice.open(DEVICE, path());
    }

    /**
     * Runs a program inside the namespace and waits for it.
     *
     * @param timeout the longest wait; a program still running then is killed
     * @param argv    the program and its arguments
     * @return how it ended
     * @throws IOException if it cannot start or does not end in time
     */
    public Command run(final Duration timeout, final String... argv) throws IOException {
        return Command.run(timeout, inside(argv));
    }

    /**
     * Starts a program inside the namespace, its output going to a file; {@link #close()} kills it
     * if it is still running.
     *
     * @param output where its standard output and error go
     * @param argv   the program and its arguments
     * @return the process
     * @throws IOException if it cannot start
     */
    public synchronized Process start(final Path output, final String... argv) throws IOException {
        if (closed) {
            throw new IllegalStateException("namespace " + name + " is closed");
        }
        final Process p = new ProcessBuilder(inside(argv)).redirectErrorStream(true)
            .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        started.add(p);
        return p;
    }

    private List<String> inside(final String... argv) {
        final List<String> all = new ArrayList<>(List.of(ip, "netns", "exec", name));
        all.addAll(List.of(argv));
        return all;
    }

    /**
     * Kills the programs started in the namespace (and their children), then deletes the device and
     * the namespace. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (final Process p : started) {
            kill(p);
        }
        remove(ip, name);
        LIVE.remove(name);
    }

    private static void kill(final Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes the device first: a namespace lives on while anything still holds it. */
    private static void remove(final String ip, final String name) {
        try {
            Command.run(IP_TIMEOUT, List.of(ip, "-n", name, "link", "del", DEVICE));
            Command.run(IP_TIMEOUT, List.of(ip, "netns", "del", name));
        } catch (IOException e) {
            System.err.println("newt: could not remove network namespace " + name + ": " + e.getMessage());
        }
    }

    private static void removeLeftovers() {
        Command.find("ip").ifPresent(ip -> LIVE.forEach(n -> remove(ip.toString(), n)));
    }

    /**
     * @return the names of the namespaces this process made and has not removed yet
     */
    public static Set<String> live() {
        return Set.copyOf(LIVE);
    }

    @Override
    public String toString() {
        return "TapNamespace[" + name + (closed ? ", closed" : "") + "]";
    }
}
