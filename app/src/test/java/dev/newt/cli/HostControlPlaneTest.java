package dev.newt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.newt.net.tap.Command;
import dev.newt.net.tap.TapNamespace;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 18's case over a real TAP device, driven as a person would: {@code newt host --tap
 * --control-port} serves a file to Linux {@code curl} in a network namespace the test creates and
 * removes, while {@code newt update} updates the host's tcp to tcp-v2 (committed) and then to a
 * broken image (rolled back to tcp-v2); the download completes and its SHA-256 is the file's. Needs root
 * (the namespace), curl, and update-manager's images (its process-test-classes makes them);
 * skipped, saying which, without them.
 */
@Timeout(240)
class HostControlPlaneTest {
    private static final Path IMAGES = Path.of("../update-manager/target/images").toAbsolutePath().normalize();
    private static final String TOKEN = "host-test-token";
    /** Large enough, at curl's limited rate, to outlast both updates on a loaded machine. */
    private static final int FILE_BYTES = 6 << 20;
    private static final String RATE = "768K";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

    @Test
    void aCurlDownloadSurvivesAnUpdateToTcpV2AndABrokenUpdateRolledBack() throws Exception {
        final Optional<String> why = TapNamespace.unavailable();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
        assumeTrue(Command.find("curl").isPresent(), "skipped: curl is not installed (.ci/run installs it as root)");
        assumeTrue(Files.isDirectory(IMAGES.resolve("tcp-v2")) && Files.isDirectory(IMAGES.resolve("tcp-broken")),
            () -> "skipped: " + IMAGES + " has no tcp-v2 and tcp-broken: build update-manager first "
                + "(mvn process-test-classes -pl update-manager)");
        final Path www = Files.createDirectories(dir.resolve("www"));
        final byte[] content = new byte[FILE_BYTES];
        new Random(20).nextBytes(content);
        Files.write(www.resolve("big.bin"), content);
        final Path downloaded = dir.resolve("downloaded.bin");

        final ExecutorService threads = Executors.newFixedThreadPool(2);
        try (TapNamespace ns = TapNamespace.create()) {
            final CommandLine cl = new CommandLine(new HostCommand());
            cl.parseArgs("--netns", ns.name(), "--tap", TapNamespace.DEVICE, "--address",
                TapNamespace.NEWT + "/" + TapNamespace.PREFIX, "--http", www.toString(), "--http-port", "8080",
                "--control-port", "0", "--token", TOKEN);
            final HostCommand host = cl.getCommand();
            final CountDownLatch stop = new CountDownLatch(1);
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            final Future<Integer> served = threads.submit(() -> host.serve(stop, print, print));
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (!out.toString(StandardCharsets.UTF_8).contains("serving;") && !served.isDone()
                && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000L);
            }
            final String banner = out.toString(StandardCharsets.UTF_8);
            final Matcher m = Pattern.compile("control API on (http://127\\.0\\.0\\.1:\\d+)/").matcher(banner);
            if (!m.find()) {
                served.get(5, TimeUnit.SECONDS);     // its exception, if it ended with one
                throw new AssertionError("no control API in the banner: " + banner);
            }
            final String url = m.group(1);
            assertThat(banner).contains("token:     " + TOKEN, "#token=" + TOKEN);

            final Future<Command> curl = threads.submit(() -> ns.run(Duration.ofSeconds(150), "curl", "-sS",
                "--fail", "--max-time", "140", "--limit-rate", RATE, "-o", downloaded.toString(),
                "http://" + TapNamespace.NEWT + ":8080/big.bin"));
            awaitBytes(downloaded, 256 * 1024);

            assertThat(update(url, "newt.tcp", IMAGES.resolve("tcp-v2").toString())).isEqualTo(NewtCli.OK);
            assertThat(awaitDone(url, "u1")).contains("\"result\":\"committed\"");
            assertThat(update(url, "--class", "dev.newt.net.tcp.BrokenTcpServer", "--arg", "0", "newt.tcp",
                IMAGES.resolve("tcp-broken").toString())).isEqualTo(NewtCli.OK);
            // The broken image is version 1 plus a class that fails: tcp-v2's state goes to its schema
            // by the reverse transform tcp-v2 ships, the new version fails to start and the update
            // rolls back to tcp-v2, which serves on.
            assertThat(awaitDone(url, "u2")).contains("\"result\":\"rolled-back\"");
            assertThat(curl.isDone()).as("the download was still running when both updates were done").isFalse();

            final Command done = curl.get(150, TimeUnit.SECONDS);
            assertThat(done.exitCode()).as(done.stderr()).isZero();
            assertThat(sha256(Files.readAllBytes(downloaded))).isEqualTo(sha256(content));
            final String servers = get(url + "/api/servers");
            assertThat(servers).containsPattern("\"name\":\"newt.tcp\"[^}]*\"state\":\"running\"");

            stop.countDown();
            assertThat(served.get(30, TimeUnit.SECONDS)).isEqualTo(NewtCli.OK);
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static int update(final String url, final String... args) {
        final String[] all = new String[args.length + 5];
        all[0] = "update";
        all[1] = "--url";
        all[2] = url;
        all[3] = "--token";
        all[4] = TOKEN;
        System.arraycopy(args, 0, all, 5, args.length);
        return new CommandLine(NewtCli.class).setErr(new PrintWriter(new StringWriter())).execute(all);
    }

    private String get(final String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    private String awaitDone(final String url, final String id) throws Exception {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = get(url + "/api/updates/" + id);
            if (body.contains("\"status\":\"done\"") || body.contains("\"status\":\"failed\"")) {
                return body;
            }
            LockSupport.parkNanos(50_000_000L);
        }
        throw new AssertionError("update " + id + " not done within " + WAIT + ": " + body);
    }

    private static void awaitBytes(final Path file, final long bytes) throws Exception {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while ((!Files.exists(file) || Files.size(file) < bytes) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000L);
        }
        assertThat(Files.exists(file) ? Files.size(file) : 0).as("bytes downloaded before the updates")
            .isGreaterThanOrEqualTo(bytes);
    }

    private static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
