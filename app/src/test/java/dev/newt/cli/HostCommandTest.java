package dev.newt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.newt.net.tap.Command;
import dev.newt.net.tap.TapNamespace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code newt host}: its command line, and a host served on a TAP device in a namespace. */
class HostCommandTest {
    @TempDir
    Path dir;

    private static int run(final StringWriter err, final String... args) {
        return new CommandLine(NewtCli.class).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void badOptionsAreABadCommandLineNamingTheOption() {
        final StringWriter err = new StringWriter();
        assertThat(run(err, "host", "--tap", "newt0", "--address", "10.77.0.2")).isEqualTo(2);
        assertThat(err.toString()).contains("--address '10.77.0.2' needs a prefix length");

        final StringWriter err2 = new StringWriter();
        assertThat(run(err2, "host", "--tap", "newt0", "--address", "10.77.0.2/24", "--http",
            dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err2.toString()).contains("--http '" + dir.resolve("missing") + "' is not a directory");

        final StringWriter err4 = new StringWriter();
        assertThat(run(err4, "host", "--tap", "newt0", "--address", "10.77.0.2/24", "--gateway", "10.9.9.9"))
            .isEqualTo(2);
        assertThat(err4.toString()).contains("--gateway 10.9.9.9 is not in the host's subnet 10.77.0.0/24");

        final StringWriter err3 = new StringWriter();
        assertThat(run(err3, "host", "--address", "10.77.0.2/24")).isEqualTo(2);
        assertThat(err3.toString()).contains("--tap");
    }

    @Test
    void aDeviceThatCannotBeOpenedExitsOneNamingTheDeviceAndTheNamespace() throws Exception {
        final CommandLine cl = new CommandLine(new HostCommand());
        cl.parseArgs("--netns", "newt-no-such-namespace", "--tap", "newt0", "--address", "10.77.0.2/24");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream print = new PrintStream(err, true, StandardCharsets.UTF_8);
        final int exit = cl.<HostCommand>getCommand().serve(new CountDownLatch(0), print, print);
        assertThat(exit).isEqualTo(NewtCli.UNEXPECTED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tap 'newt0'")
            .contains("/run/netns/newt-no-such-namespace");
    }

    @Test
    void aHostOnATapDeviceAnswersPingAndServesItsDirectoryOverHttpUntilStopped() throws Exception {
        final Optional<String> why = TapNamespace.unavailable();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        for (String tool : new String[] {"ping", "curl"}) {
            assumeTrue(Command.find(tool).isPresent(),
                () -> "skipped: '" + tool + "' is not installed (.ci/run installs it as root)");
        }
        final Path www = Files.createDirectories(dir.resolve("www"));
        final byte[] page = "<h1>newt over tap</h1>\n".getBytes(StandardCharsets.UTF_8);
        Files.write(www.resolve("index.html"), page);
        final ExecutorService thread = Executors.newSingleThreadExecutor();
        try (TapNamespace ns = TapNamespace.create()) {
            final CommandLine cl = new CommandLine(new HostCommand());
            cl.parseArgs("--netns", ns.name(), "--tap", TapNamespace.DEVICE, "--address",
                TapNamespace.NEWT + "/" + TapNamespace.PREFIX, "--http", www.toString(), "--http-port", "8080");
            final HostCommand host = cl.getCommand();
            final CountDownLatch stop = new CountDownLatch(1);
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            final Future<Integer> served = thread.submit(() -> host.serve(stop, print, print));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!out.toString(StandardCharsets.UTF_8).contains("serving;") && !served.isDone()
                && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000L);
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("on tap newt0 in netns " + ns.name())
                .contains("http on port 8080");

            final Command ping = ns.run(Duration.ofSeconds(20), "ping", "-c", "2", "-i", "0.2", "-W", "2",
                TapNamespace.NEWT.toString());
            assertThat(ping.exitCode()).as(ping.stdout()).isZero();
            final Command curl = ns.run(Duration.ofSeconds(20), "curl", "-sS", "--fail", "--max-time", "15",
                "http://" + TapNamespace.NEWT + ":8080/");
            assertThat(curl.exitCode()).as(curl.stderr()).isZero();
            assertThat(curl.stdout()).isEqualTo(new String(page, StandardCharsets.UTF_8));

            stop.countDown();
            assertThat(served.get(20, TimeUnit.SECONDS)).isEqualTo(NewtCli.OK);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("stopping; link counters:");
        } finally {
            thread.shutdownNow();
            assertThat(thread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
