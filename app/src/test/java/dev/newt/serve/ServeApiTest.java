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

    /** A call with the API's token. */
    private HttpResponse<String> call(final String method, final String path, final String body) throws Exception {
        return call(method, path, body, "Authorization", "Bearer " + api.token());
    }

    /** A call with the given headers (name, value, ...), and no token unless among them. */
    private HttpResponse<String> call(final String method, final String path, final String body,
                                      final String... headers) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(WAIT);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls an update until it is done (bounded). */
    private String awaitDone(final String id) throws Exception {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = call("GET", "/api/updates/" + id, null).body();
            if (!body.contains("\"status\":\"running\"")) {
                return body;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
        }
        throw new AssertionError("update " + id + " still running after " + WAIT + ": " + body);
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

        // The backlog (taken before the fault was posted) ends with the live marker, then the crash comes.
        awaitLine(lines, l -> l.equals("event: live"));
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
        final HttpResponse<String> arr = call("POST", "/api/updates", "[1, 2]");
        assertThat(arr.statusCode()).isEqualTo(400);
        assertThat(arr.body()).contains("must be a JSON object").doesNotContain("Exception");
        final HttpResponse<String> missing = call("POST", "/api/updates", "{\"server\": \"b.udp\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("image: missing");
        final HttpResponse<String> trig = call("POST", "/api/faults",
            "{\"target\": \"b.udp\", \"fault\": \"crash\", \"trigger\": \"nth:zero\"}");
        assertThat(trig.statusCode()).isEqualTo(400);
        assertThat(trig.body()).contains("trigger").doesNotContain("at dev.newt");
        final HttpResponse<String> t = call("POST", "/api/faults",
            "{\"target\": \"c.udp\", \"fault\": \"crash\", \"trigger\": \"nth:3\"}");
        assertThat(t.statusCode()).isEqualTo(400);
        assertThat(t.body()).contains("target");
    }

    @Test
    void theRecoveryPolicyChangesAtRunTimeAndTheNextRestartUsesIt() throws Exception {
        final HttpResponse<String> r = call("PUT", "/api/servers/b.udp/recovery", "{\"recovery\": \"fresh\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"recovery\":\"fresh\"", "\"from\":\"checkpoint\"");
        assertThat(call("GET", "/api/servers", null).body())
            .containsPattern("\"name\":\"b.udp\"[^}]*\"recovery\":\"fresh\"");
        assertThat(call("POST", "/api/faults", "{\"target\": \"b.udp\", \"fault\": \"crash\", \"trigger\": \"nth:3\"}")
            .statusCode()).isEqualTo(202);
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (system.runtime().events().ofType(dev.newt.core.event.ServerRestarted.class).stream()
            .noneMatch(e -> e.server().equals("b.udp")) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        assertThat(system.runtime().events().ofType(dev.newt.core.event.ServerRestarted.class).stream()
            .filter(e -> e.server().equals("b.udp")).findFirst().orElseThrow().policy()).isEqualTo("fresh");

        final HttpResponse<String> bad = call("PUT", "/api/servers/b.udp/recovery", "{\"recovery\": \"frseh\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("frseh");
        final HttpResponse<String> unknown = call("PUT", "/api/servers/c.udp/recovery", "{\"recovery\": \"fresh\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("'c.udp'");
    }

    @Test
    void aCommittedUpdateRollsBackOnRequestOnceAndNotWhileRunning() throws Exception {
        final Path udpClasses = Path.of(dev.newt.core.image.ServerImage.locationOf(dev.newt.net.udp.UdpServer.class)
            .toURI());
        final HttpResponse<String> u = call("POST", "/api/updates",
            "{\"server\": \"b.udp\", \"image\": \"" + udpClasses.toString().replace("\\", "\\\\") + "\"}");
        assertThat(u.statusCode()).as(u.body()).isEqualTo(202);
        assertThat(awaitDone("u1")).contains("\"result\":\"committed\"");
        final dev.newt.core.server.ServerSpec<?> updated = system.runtime().spec("b.udp");

        final HttpResponse<String> rb = call("POST", "/api/updates/last/rollback", "");
        assertThat(rb.statusCode()).as(rb.body()).isEqualTo(202);
        assertThat(rb.body()).contains("\"id\":\"u2\"", "\"rollsBack\":\"u1\"");
        assertThat(awaitDone("u2")).contains("\"result\":\"committed\"", "\"rollsBack\":\"u1\"");
        assertThat(call("GET", "/api/updates/u1", null).body()).contains("\"rolledBackBy\":\"u2\"");
        assertThat(system.runtime().spec("b.udp")).isNotSameAs(updated);
        assertThat(system.runtime().spec("b.udp").newServer().getClass().getClassLoader())
            .isSameAs(dev.newt.net.udp.UdpServer.class.getClassLoader());

        final HttpResponse<String> again = call("POST", "/api/updates/u1/rollback", "");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("rolled back already, by u2");
        assertThat(call("POST", "/api/updates/last/rollback", "").statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/updates/u9/rollback", "").body()).contains("no update 'u9'");
    }

    @Test
    void mutatingRequestsNeedTheTokenAndReadsDoNot() throws Exception {
        final String crash = "{\"target\": \"b.udp\", \"fault\": \"crash\", \"trigger\": \"nth:3\"}";
        final HttpResponse<String> none = call("POST", "/api/faults", crash, "Content-Type", "application/json");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("token");
        assertThat(call("POST", "/api/faults", crash, "Authorization", "Bearer " + api.token() + "x").statusCode())
            .isEqualTo(401);
        assertThat(call("POST", "/api/stop", "", "X-Newt-Token", "nope").statusCode()).isEqualTo(401);
        assertThat(call("PUT", "/api/servers/b.udp/recovery", "{\"recovery\": \"fresh\"}", "X-Newt-Token", "")
            .statusCode()).isEqualTo(401);
        assertThat(api.stopped().getCount()).isEqualTo(1);
        assertThat(system.runtime().events().ofType(dev.newt.core.event.CustomEvent.class).stream()
            .noneMatch(e -> e.kind().startsWith("fault-"))).isTrue();
        assertThat(call("GET", "/api/servers", null, "Accept", "application/json").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/faults", crash, "X-Newt-Token", api.token()).statusCode()).isEqualTo(202);
    }

    @Test
    void aGivenTokenIsTheOneChecked() throws Exception {
        api.close();
        api = ControlApi.start(system, 0, "s3cret-demo");
        assertThat(api.token()).isEqualTo("s3cret-demo");
        assertThat(api.dashboardUrl()).endsWith("/#token=s3cret-demo");
        assertThat(call("POST", "/api/stop", "", "Authorization", "Bearer s3cret-demo").statusCode()).isEqualTo(200);
    }

    @Test
    void aForeignOriginOrHostIsRefusedAndNoCorsHeaderIsSent() throws Exception {
        final HttpResponse<String> foreign = call("POST", "/api/stop", "", "Authorization", "Bearer " + api.token(),
            "Origin", "http://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("origin 'http://evil.example'");
        assertThat(call("GET", "/api/servers", null, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/servers", null, "Origin", "null").statusCode()).isEqualTo(403);
        assertThat(api.stopped().getCount()).isEqualTo(1);
        final HttpResponse<String> same = call("GET", "/api/servers", null, "Origin", "http://127.0.0.1:" + api.port());
        assertThat(same.statusCode()).isEqualTo(200);
        final HttpResponse<String> preflight = call("OPTIONS", "/api/faults", null, "Origin", "http://evil.example",
            "Access-Control-Request-Method", "POST");
        assertThat(preflight.statusCode()).isEqualTo(403);
        for (HttpResponse<String> r : java.util.List.of(foreign, same, preflight)) {
            assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT)
                .startsWith("access-control-"));
        }
    }

    @Test
    void aFloodGets429AndTheSystemKeepsRunning() throws Exception {
        api.close();
        // Two threads, two queued: two event streams hold the threads, two calls wait, the next is refused.
        api = ControlApi.start(system, 0, null, new ControlApi.Limits(2, 2, 2));
        final java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<Stream<String>>>> held =
            new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            held.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url("/api/events"))).build(),
                HttpResponse.BodyHandlers.ofLines()));
        }
        for (var f : held) {
            assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        final java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> waiting =
            new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            waiting.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url("/api/servers"))).build(),
                HttpResponse.BodyHandlers.ofString()));
        }
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (api.queued() < 2 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        assertThat(api.queued()).isEqualTo(2);
        final HttpResponse<String> refused = call("GET", "/api/servers", null, "Accept", "application/json");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.body()).contains("too many requests");
        final long handled = system.runtime().statuses().stream().mapToLong(s -> s.handled()).sum();
        final long later = System.nanoTime() + WAIT.toNanos();
        while (system.runtime().statuses().stream().mapToLong(s -> s.handled()).sum() <= handled
            && System.nanoTime() < later) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        assertThat(system.runtime().statuses().stream().mapToLong(s -> s.handled()).sum())
            .as("the system runs on under the flood").isGreaterThan(handled);
        held.forEach(f -> f.join().body().close());
        api.close();
        api = null;
    }

    @Test
    void eventStreamsBeyondTheLimitGet429() throws Exception {
        api.close();
        api = ControlApi.start(system, 0, null, new ControlApi.Limits(4, 4, 1));
        final HttpResponse<Stream<String>> first = http.send(HttpRequest.newBuilder(URI.create(url("/api/events")))
            .build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(first.statusCode()).isEqualTo(200);
        final HttpResponse<String> second = call("GET", "/api/events", null, "Accept", "text/event-stream");
        assertThat(second.statusCode()).isEqualTo(429);
        first.body().close();
    }

    @Test
    void servesUPlotFromItsWebjarAndNothingElseOfTheClassPath() throws Exception {
        final HttpResponse<String> js = call("GET", "/vendor/uplot/uPlot.iife.min.js", null, "Accept", "*/*");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body()).contains("uPlot");
        assertThat(call("GET", "/vendor/uplot/uPlot.min.css", null, "Accept", "*/*").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/vendor/uplot/package.json", null, "Accept", "*/*").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/../ControlApi.class", null, "Accept", "*/*").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/dev/newt/serve/index.html", null, "Accept", "*/*").statusCode()).isEqualTo(404);
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
        assertThat(call("GET", "/", null).body()).contains("vendor/uplot/uPlot.iife.min.js")
            .doesNotContain("https://");
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
