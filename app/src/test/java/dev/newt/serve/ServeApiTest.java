package dev.newt.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The control API end to end, in process on an ephemeral port, with a small simulated system. */
@Timeout(120)
class ServeApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private LiveSystem system;
    private ControlApi api;

    @BeforeEach
    void start() throws IOException {
        final Path file = Path.of("src/test/resources/serve/small.yaml");
        final CampaignReader.Result r = CampaignReader.read(file);
        assertThat(r.problems()).isEmpty();
        final Campaign c = r.campaign();
        system = LiveSystem.start(c, file.toString(), Files.readString(file, StandardCharsets.UTF_8), "simulated");
        api = ControlApi.start(system, 0);
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        if (system != null) {
            system.close();
        }
    }

    private String url(final String path) {
        return "http://127.0.0.1:" + api.port() + path;
    }

    private HttpResponse<String> call(final String method, final String path, final String body) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(WAIT);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsServersWithStateEpochAndRecovery() throws Exception {
        final HttpResponse<String> r = call("GET", "/api/servers", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"name\":\"b.udp\"", "\"epoch\":", "\"recovery\":", "\"restarts\":",
            "\"handled\":");
    }

    @Test
    void aCrashFaultShowsCrashAndRestartOnTheEventStream() throws Exception {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final HttpResponse<Stream<String>> sse = http.send(HttpRequest.newBuilder(URI.create(url("/api/events")))
            .build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(sse.statusCode()).isEqualTo(200);
        final Thread reader = new Thread(() -> {
            try {
                sse.body().forEach(lines::add);
            } catch (RuntimeException e) {
                // closed by the API at the end
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();

        final HttpResponse<String> r = call("POST", "/api/faults",
            "{\"target\": \"b.udp\", \"fault\": \"crash\", \"trigger\": \"nth:3\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).contains("\"target\":\"b.udp\"", "\"update\":\"u1\"");

        awaitLine(lines, l -> l.contains("\"type\":\"crashed\"") && l.contains("\"server\":\"b.udp\""));
        awaitLine(lines, l -> l.contains("\"type\":\"restarted\"") && l.contains("\"server\":\"b.udp\""));
        final HttpResponse<String> u = call("GET", "/api/updates/u1", null);
        assertThat(u.statusCode()).isEqualTo(200);
        assertThat(u.body()).contains("\"id\":\"u1\"");
        api.close();
        reader.join(5_000);
    }

    @Test
    void aBadFaultGets400NamingTheField() throws Exception {
        final HttpResponse<String> r = call("POST", "/api/faults",
            "{\"target\": \"b.udp\", \"fault\": \"crahs\", \"trigger\": \"nth:3\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("fault", "unknown fault type 'crahs'", "did you mean 'crash'");
        final HttpResponse<String> j = call("POST", "/api/faults", "{not json");
        assertThat(j.statusCode()).isEqualTo(400);
        assertThat(j.body()).contains("bad JSON").doesNotContain("at dev.newt");
        final HttpResponse<String> t = call("POST", "/api/faults",
            "{\"target\": \"c.udp\", \"fault\": \"crash\", \"trigger\": \"nth:3\"}");
        assertThat(t.statusCode()).isEqualTo(400);
        assertThat(t.body()).contains("target");
    }

    @Test
    void recoveryChangeIsRefusedAsNotImplemented() throws Exception {
        assertThat(call("PUT", "/api/servers/b.udp/recovery", "{\"recovery\": \"fresh\"}").statusCode())
            .isEqualTo(501);
    }

    @Test
    void stopOpensTheStopLatch() throws Exception {
        assertThat(call("POST", "/api/stop", "").statusCode()).isEqualTo(200);
        assertThat(api.stopped().await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void servesTheDashboard() throws Exception {
        assertThat(call("GET", "/", null).body()).contains("<title>Newt serve</title>");
        assertThat(call("GET", "/dashboard.js", null).body()).contains("EventSource");
    }

    private static String awaitLine(final BlockingQueue<String> lines, final Predicate<String> match)
        throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            final String l = lines.poll(500, TimeUnit.MILLISECONDS);
            if (l != null && match.test(l)) {
                return l;
            }
        }
        throw new AssertionError("no matching event line within " + WAIT);
    }
}
