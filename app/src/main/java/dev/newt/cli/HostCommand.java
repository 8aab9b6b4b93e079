package dev.newt.cli;

import dev.newt.net.app.AppSpecs;
import dev.newt.net.link.PcapTap;
import dev.newt.net.tap.FrameDevice;
import dev.newt.net.tap.TapDevice;
import dev.newt.net.tap.TapHost;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.serve.ControlApi;
import dev.newt.serve.HostSystem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code newt host}: one Newt host on an existing TAP device, serving until interrupted, so that a
 * person can ping it and curl it from Linux (see the README for the {@code ip} commands).
 */
@Command(name = "host", mixinStandardHelpOptions = true,
    description = "Boots one Newt host on an existing TAP device (threaded executor) and serves until "
        + "interrupted (Ctrl-C). The host answers ping; --http and --echo add TCP servers; --control-port adds "
        + "newt serve's control API and dashboard.")
final class HostCommand implements Callable<Integer> {
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Option(names = "--tap", required = true, paramLabel = "IFNAME", description = "The TAP device, e.g. newt0.")
    String tap;

    @Option(names = "--netns", paramLabel = "NAME",
        description = "Open the device in network namespace NAME (/run/netns/NAME) instead of this process's.")
    String netns;

    @Option(names = "--address", required = true, paramLabel = "A/PREFIX",
        description = "The host's IPv4 address and prefix, e.g. 10.77.0.2/24.")
    String address;

    @Option(names = "--gateway", paramLabel = "G", description = "Default gateway, on the host's subnet.")
    String gateway;

    @Option(names = "--http", paramLabel = "DIR", description = "Serve the files of DIR over HTTP.")
    Path http;

    @Option(names = "--http-port", paramLabel = "P", defaultValue = "80",
        description = "Port of the HTTP server (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--echo", paramLabel = "PORT", description = "Run a TCP echo server on PORT.")
    Integer echo;

    @Option(names = "--pcap", paramLabel = "FILE", description = "Capture every frame of the link to FILE.")
    Path pcap;

    @Option(names = "--control-port", paramLabel = "P",
        description = "Serve the control API and dashboard of newt serve (docs/SERVE.md) on 127.0.0.1:P, 0 for any "
            + "free port: crash, inject, update, roll back the host's servers while it runs.")
    Integer controlPort;

    @Option(names = "--token", paramLabel = "TOKEN",
        description = "With --control-port: the token mutating requests must carry (default: a new random one).")
    String token;

    @Option(names = "--name", defaultValue = "newt",
        description = "Host name, the prefix of its servers' names (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        // The JVM halts once its hooks return: this one waits (bounded) until the host is closed.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(CLOSE_LIMIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "newt-host-shutdown"));
        try {
            return serve(stop, System.out, System.err);
        } finally {
            closed.countDown();
        }
    }

    /**
     * Boots the host, prints where it is, and serves until {@code stop} opens; closes everything.
     *
     * @param stop opened to stop serving (by the shutdown hook, or a test)
     * @param out  where the banner goes
     * @param err  where an error opening the device or the capture file goes
     * @return the exit code: {@link NewtCli#OK}, or {@link NewtCli#UNEXPECTED} when the device or
     *         the capture file cannot be opened
     * @throws InterruptedException if interrupted while serving
     */
    Integer serve(final CountDownLatch stop, final PrintStream out, final PrintStream err)
        throws InterruptedException {
        final Ipv4Address gw = validate();
        final PcapTap capture;
        final FrameDevice device;
        try {
            capture = pcap == null ? null : PcapTap.create(pcap);
            device = netns == null ? TapDevice.open(tap) : TapDevice.open(tap, Path.of("/run/netns", netns));
        } catch (IOException e) {
            err.println("newt host: " + e.getMessage());
            return NewtCli.UNEXPECTED;
        }
        final TapHost.Builder b = TapHost.builder(name, address, device).gateway(gw);
        if (capture != null) {
            b.wire(w -> w.capture(capture));
        }
        if (http != null) {
            b.app(h -> AppSpecs.httpServer(h, httpPort, http));
        }
        if (echo != null) {
            b.app(h -> AppSpecs.echo(h, echo));
        }
        try (TapHost host = start(b);
             HostSystem controlled = controlPort == null ? null : HostSystem.of(host, address);
             ControlApi api = controlled == null ? null : startControl(controlled, err)) {
            if (controlled != null && api == null) {
                return NewtCli.UNEXPECTED;
            }
            out.printf(Locale.ROOT, "newt host '%s' %s/%d (mac %s) on tap %s%s, mtu %d%n", name,
                host.host().address(), host.host().prefixLength(), host.host().mac(), tap,
                netns == null ? "" : " in netns " + netns, device.mtu());
            if (!gw.equals(Ipv4Address.ANY)) {
                out.println("  gateway " + gw);
            }
            if (http != null) {
                out.printf(Locale.ROOT, "  http on port %d serving %s%n", httpPort, http.toAbsolutePath());
            }
            if (echo != null) {
                out.printf(Locale.ROOT, "  tcp echo on port %d%n", echo);
            }
            if (capture != null) {
                out.println("  capturing to " + capture.file());
            }
            if (api != null) {
                out.printf(Locale.ROOT, "  control API on http://127.0.0.1:%d/%n", api.port());
                ControlBanner.print(api, out);
            }
            out.println("serving; Ctrl-C to stop");
            out.flush();
            if (api == null) {
                stop.await();
            } else {
                awaitEither(stop, api.stopped());
            }
            out.println("stopping; link counters: " + host.link().stats().counters());
        } finally {
            if (capture != null) {
                capture.close();
            }
        }
        return NewtCli.OK;
    }

    private ControlApi startControl(final HostSystem controlled, final PrintStream err) {
        try {
            return ControlApi.start(controlled, controlPort, token);
        } catch (IOException | IllegalArgumentException e) {
            err.println("newt host: cannot serve the control API on 127.0.0.1:" + controlPort + ": " + e.getMessage());
            return null;
        }
    }

    /** Waits until either latch opens: the shutdown hook's (or a test's), or the API's {@code POST /api/stop}. */
    private static void awaitEither(final CountDownLatch a, final CountDownLatch b) throws InterruptedException {
        while (!a.await(100, TimeUnit.MILLISECONDS) && !b.await(0, TimeUnit.MILLISECONDS)) {
            // polled: the two latches have no common wait
        }
    }

    /** Starts the host; a setting the host refuses (a gateway off its subnet) is a bad command line. */
    private TapHost start(final TapHost.Builder b) {
        try {
            return b.start();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Checks what picocli cannot, before any device is opened, naming the bad option; returns the gateway. */
    private Ipv4Address validate() {
        final int slash = address.indexOf('/');
        if (slash < 0) {
            throw new ParameterException(spec.commandLine(), "--address '" + address
                + "' needs a prefix length, such as 10.77.0.2/24");
        }
        final Ipv4Address ip;
        final int prefix;
        try {
            ip = Ipv4Address.parse(address.substring(0, slash));
            prefix = Integer.parseInt(address.substring(slash + 1));
            if (prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException("prefix length must be 0..32, was " + prefix);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--address '" + address + "': " + e.getMessage());
        }
        if (http != null && !Files.isDirectory(http)) {
            throw new ParameterException(spec.commandLine(), "--http '" + http + "' is not a directory");
        }
        if (controlPort != null && (controlPort < 0 || controlPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--control-port " + controlPort + " is not in 0..65535");
        }
        if (token != null && token.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--token must not be empty");
        }
        for (final int port : echo == null ? new int[] {httpPort} : new int[] {httpPort, echo}) {
            if (port < 1 || port > 65535) {
                throw new ParameterException(spec.commandLine(), "port " + port + " is not in 1..65535");
            }
        }
        if (gateway == null) {
            return Ipv4Address.ANY;
        }
        final Ipv4Address gw;
        try {
            gw = Ipv4Address.parse(gateway);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--gateway '" + gateway + "': " + e.getMessage());
        }
        if (!gw.inSubnet(ip.network(prefix), prefix)) {
            throw new ParameterException(spec.commandLine(), "--gateway " + gw + " is not in the host's subnet "
                + ip.network(prefix) + "/" + prefix);
        }
        return gw;
    }
}
