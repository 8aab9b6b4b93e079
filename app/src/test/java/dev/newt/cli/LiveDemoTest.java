package dev.newt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code newt demo --live} and the README's sequence against it, as a person would type it: the
 * banner gives the dashboard's URL and token; {@code newt inject} crashes b's tcp (crash and
 * restart on the event stream), {@code newt update} takes b's tcp to tcp-v2 (committed) and a's tcp
 * to the broken image (rolled back), and the bulk transfer goes on through it all; {@code POST
 * /api/stop} ends the demo. The update steps need update-manager's images (skipped without them).
 */
@Timeout(240)
class LiveDemoTest {
    private static final Path IMAGES = Path.of("../update-manager/target/images").toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "live-demo-token";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

    @Test
    void theLiveDemoServesAndTheReadmeSequenceRuns() throws Exception {
        final ExecutorService threads = Executors.newFixedThreadPool(2);
        final CountDownLatch stop = new CountDownLatch(1);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try {
            final Future<Integer> served = threads.submit(() -> LiveDemo.run(Path.of(LiveDemo.CAMPAIGN), 0, TOKEN,
                IMAGES, stop, print, print));
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (!out.toString(StandardCharsets.UTF_8).contains("running;") && !served.isDone()
                && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000L);
            }
            final String banner = out.toString(StandardCharsets.UTF_8);
            final Matcher m = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+)/#token=" + TOKEN).matcher(banner);
            if (!m.find()) {
                served.get(5, TimeUnit.SECONDS);
                throw new AssertionError("no dashboard URL in: " + banner);
            }
            final String url = m.group(1);
            assertThat(banner).contains("newt inject --url " + url, "newt update --url " + url + " b.tcp");

            final BlockingQueue<String> events = new LinkedBlockingQueue<>();
            final HttpResponse<Stream<String>> sse = http.send(HttpRequest.newBuilder(URI.create(url + "/api/events"))
                .build(), HttpResponse.BodyHandlers.ofLines());
            threads.submit(() -> {
                sse.body().forEach(events::add);
                return null;
            });
            await(events, l -> l.contains("workload-metric") && l.contains("bulk")
                && l.matches(".*\"throughputBytesPerSecond\":[1-9].*"));

            assertThat(cli("inject", "--url", url, "--token", TOKEN,
                "{\"target\": \"b.tcp\", \"fault\": \"crash\", \"trigger\": \"nth:1\"}")).isEqualTo(NewtCli.OK);
            await(events, l -> l.contains("\"type\":\"crashed\"") && l.contains("\"server\":\"b.tcp\""));
            await(events, l -> l.contains("\"type\":\"restarted\"") && l.contains("\"server\":\"b.tcp\""));

            assumeTrue(Files.isDirectory(IMAGES.resolve("tcp-v2")) && Files.isDirectory(IMAGES.resolve("tcp-broken")),
                () -> "the update steps skipped: " + IMAGES + " has no tcp-v2 and tcp-broken (build update-manager)");
            assertThat(cli("update", "--url", url, "--token", TOKEN, "b.tcp", IMAGES.resolve("tcp-v2").toString()))
                .isEqualTo(NewtCli.OK);
            assertThat(awaitDone(url, "u2")).contains("\"result\":\"committed\"");
            assertThat(cli("update", "--url", url, "--token", TOKEN, "--class", "dev.newt.net.tcp.BrokenTcpServer",
                "--arg", "0", "a.tcp", IMAGES.resolve("tcp-broken").toString())).isEqualTo(NewtCli.OK);
            assertThat(awaitDone(url, "u3")).contains("\"result\":\"rolled-back\"");
            // Rolling tcp-v2 back to version 1 on request is another update, from v2's state: the
            // reverse transform tcp-v2 ships takes it back to v1's schema, as the README tells.
            assertThat(cli("rollback", "--url", url, "--token", TOKEN, "u2")).isEqualTo(NewtCli.OK);
            assertThat(awaitDone(url, "u4")).contains("\"rollsBack\":\"u2\"", "\"result\":\"committed\"");
            events.clear();
            await(events, l -> l.contains("workload-metric") && l.contains("bulk")
                && l.matches(".*\"throughputBytesPerSecond\":[1-9].*"));

            final HttpResponse<String> stopped = http.send(HttpRequest.newBuilder(URI.create(url + "/api/stop"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(stopped.statusCode()).isEqualTo(200);
            assertThat(served.get(30, TimeUnit.SECONDS)).isEqualTo(NewtCli.OK);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("newt demo --live: stopped");
        } finally {
            stop.countDown();
            threads.shutdownNow();
            assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static int cli(final String... args) {
        return new CommandLine(NewtCli.class).setErr(new PrintWriter(new StringWriter())).execute(args);
    }

    private String awaitDone(final String url, final String id) throws Exception {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.send(HttpRequest.newBuilder(URI.create(url + "/api/updates/" + id)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"status\":\"done\"") || body.contains("\"status\":\"failed\"")) {
                return body;
            }
            LockSupport.parkNanos(50_000_000L);
        }
        throw new AssertionError("update " + id + " not done within " + WAIT + ": " + body);
    }

    private static void await(final BlockingQueue<String> lines, final Predicate<String> match)
        throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            final String l = lines.poll(500, TimeUnit.MILLISECONDS);
            if (l != null && match.test(l)) {
                return;
            }
        }
        throw new AssertionError("no matching event within " + WAIT);
    }
}
