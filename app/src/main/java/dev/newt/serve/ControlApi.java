package dev.newt.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP control API of a {@link ControlledSystem} on 127.0.0.1 (JDK {@code HttpServer}); the JSON
 * contract is docs/SERVE.md. Serves the dashboard at {@code /} and uPlot from its webjar at
 * {@code /vendor/uplot/}. Errors are JSON {@code {"error": ...}} with a 4xx/5xx status, never a
 * stack trace. Access is checked by an {@link AccessGuard} (Host, Origin, the token of mutating
 * requests). A flood cannot stop the system: requests are served by a fixed pool behind a bounded
 * queue, and one that finds the queue full, or an event stream beyond the limit, gets a 429 at once.
 */
public final class ControlApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CALL_LIMIT_SECONDS = 10;
    /** Events kept per stream client; a client that falls further behind loses the oldest. */
    private static final int STREAM_BUFFER = 4096;
    /** Events sent to a new stream client before the live ones. */
    private static final int BACKLOG = 500;
    /** Where the uPlot webjar keeps its files (its version is the pom's). */
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    /** Set on the thread that answers a request the pool's queue had no room for. */
    private static final ThreadLocal<Boolean> OVERLOADED = ThreadLocal.withInitial(() -> false);

    /** How much the API serves at once: pool threads, queued requests, event streams. */
    record Limits(int threads, int queue, int streams) {
        /** 16 threads, 64 queued, 8 streams: far more than a dashboard and a script need. */
        static final Limits DEFAULT = new Limits(16, 64, 8);
    }

    private final ControlledSystem system;
    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final AccessGuard guard;
    private final String token;
    private final Semaphore streamSlots;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<BlockingQueue<String>> streams = new CopyOnWriteArrayList<>();

    private ControlApi(final ControlledSystem system, final int port, final String token, final Limits limits)
        throws IOException {
        this.system = system;
        this.token = token == null ? AccessGuard.newToken() : token;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.guard = new AccessGuard(this.token, server.getAddress().getPort());
        this.streamSlots = new Semaphore(limits.streams());
        this.pool = new ThreadPoolExecutor(limits.threads(), limits.threads(), 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(limits.queue()), r -> {
                final Thread t = new Thread(r, "newt-serve-http");
                t.setDaemon(true);
                return t;
            }, (r, p) -> {
                // No room: answer 429 here, on the server's dispatcher, without touching the system.
                if (p.isShutdown()) {
                    return;
                }
                OVERLOADED.set(true);
                try {
                    r.run();
                } finally {
                    OVERLOADED.set(false);
                }
            });
        server.setExecutor(pool);
        server.createContext("/api/", this::api);
        server.createContext("/", this::asset);
        system.runtime().events().subscribe(this::publish);
    }

    /**
     * Starts serving with a new random token (see {@link #token()}).
     *
     * @param system the running system
     * @param port   the port on 127.0.0.1, 0 for any free one
     * @return the API, serving
     * @throws IOException if the port cannot be bound
     */
    public static ControlApi start(final ControlledSystem system, final int port) throws IOException {
        return start(system, port, null);
    }

    /**
     * @param system the running system
     * @param port   the port on 127.0.0.1, 0 for any free one
     * @param token  the token mutating requests must carry, or {@code null} for a new random one
     * @return the API, serving
     * @throws IOException if the port cannot be bound
     */
    public static ControlApi start(final ControlledSystem system, final int port, final String token)
        throws IOException {
        return start(system, port, token, Limits.DEFAULT);
    }

    static ControlApi start(final ControlledSystem system, final int port, final String token, final Limits limits)
        throws IOException {
        final ControlApi api = new ControlApi(system, port, token, limits);
        api.server.start();
        return api;
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return the token mutating requests must carry */
    public String token() {
        return token;
    }

    /** @return the dashboard's URL, with the token in its fragment (which the browser never sends) */
    public String dashboardUrl() {
        return "http://127.0.0.1:" + port() + "/#token=" + token;
    }

    /** @return requests waiting for a pool thread now, for tests */
    int queued() {
        return pool.getQueue().size();
    }

    /** @return opened by {@code POST /api/stop} */
    public CountDownLatch stopped() {
        return stopped;
    }

    private void publish(final Event e) {
        final String line = EventJson.toLine(e);
        for (BlockingQueue<String> q : streams) {
            while (!q.offer(line)) {
                q.poll();
            }
        }
    }

    private boolean admitted(final HttpExchange x) {
        if (OVERLOADED.get()) {
            x.getResponseHeaders().set("Retry-After", "1");
            sendQuietly(x, 429, Map.of("error", "too many requests: the control API is busy, try again"));
            return false;
        }
        final AccessGuard.Refusal refusal = guard.check(x.getRequestMethod(), x.getRequestHeaders());
        if (refusal != null) {
            sendQuietly(x, refusal.status(), Map.of("error", refusal.error()));
            return false;
        }
        return true;
    }

    private void api(final HttpExchange x) throws IOException {
        try {
            if (!admitted(x)) {
                return;
            }
            final String path = x.getRequestURI().getPath();
            final String method = x.getRequestMethod();
            final String[] parts = path.substring("/api/".length()).split("/");
            switch (method + " " + parts[0]) {
                case "GET servers" -> send(x, 200, Map.of("servers", await(system.servers())));
                case "GET events" -> events(x);
                case "POST faults" -> fault(x);
                case "POST updates" -> {
                    if (parts.length == 3 && parts[2].equals("rollback")) {
                        send(x, 202, await(system.rollback(parts[1])));
                    } else if (parts.length == 1) {
                        update(x);
                    } else {
                        send(x, 404, Map.of("error", "no endpoint " + method + " " + path));
                    }
                }
                case "GET updates" -> updateStatus(x, parts);
                case "PUT servers" -> recovery(x, parts);
                case "GET system" -> send(x, 200, Map.of("title", system.title()));
                case "POST stop" -> {
                    send(x, 200, Map.of("stopping", true));
                    stopped.countDown();
                }
                default -> send(x, 404, Map.of("error", "no endpoint " + method + " " + path));
            }
        } catch (BadRequest e) {
            sendQuietly(x, 400, e.body);
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            final Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            final int code = cause instanceof ControlledSystem.NoSuchUpdate ? 404
                : cause instanceof IllegalArgumentException ? 400
                : cause instanceof IllegalStateException ? 409
                : cause instanceof TimeoutException ? 503 : 500;
            sendQuietly(x, code, Map.of("error", cause instanceof TimeoutException
                ? "the system did not answer within " + CALL_LIMIT_SECONDS + " s" : String.valueOf(cause.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            x.close();
        }
    }

    private void fault(final HttpExchange x) throws IOException, InterruptedException, ExecutionException,
        TimeoutException {
        final JsonNode body = body(x);
        final FaultRequests.Read r = system.readFault(JSON.writeValueAsString(body));
        if (r.experiment() == null) {
            throw new BadRequest(Map.of("error", r.problems().get(0), "problems", r.problems()));
        }
        send(x, 202, await(system.inject(r.experiment())));
    }

    private void update(final HttpExchange x) throws IOException, InterruptedException, ExecutionException,
        TimeoutException {
        final JsonNode body = body(x);
        final String server = text(body, "server");
        final String image = text(body, "image");
        final String cls = body.hasNonNull("class") ? body.get("class").asText() : null;
        final List<Object> args = new ArrayList<>();
        if (body.has("args")) {
            body.get("args").forEach(a -> args.add(JSON.convertValue(a, Object.class)));
        }
        final String id = await(system.update(server, Path.of(image), cls, args));
        send(x, 202, Map.of("id", id, "url", "/api/updates/" + id));
    }

    private void updateStatus(final HttpExchange x, final String[] parts) throws IOException {
        final TrackedUpdate t = parts.length == 2 ? system.tracked(parts[1]) : null;
        if (t == null) {
            send(x, 404, Map.of("error", "no update " + (parts.length == 2 ? "'" + parts[1] + "'" : "id given")));
            return;
        }
        send(x, 200, t.view());
    }

    private void recovery(final HttpExchange x, final String[] parts) throws IOException, InterruptedException,
        ExecutionException, TimeoutException {
        if (parts.length != 3 || !parts[2].equals("recovery")) {
            send(x, 404, Map.of("error", "no endpoint PUT " + x.getRequestURI().getPath()));
            return;
        }
        final JsonNode body = body(x);
        send(x, 200, await(system.changeRecovery(parts[1], text(body, "recovery"))));
    }

    private void events(final HttpExchange x) throws IOException {
        if (!streamSlots.tryAcquire()) {
            x.getResponseHeaders().set("Retry-After", "5");
            send(x, 429, Map.of("error", "too many event streams open; close one"));
            return;
        }
        try {
            stream(x);
        } finally {
            streamSlots.release();
        }
    }

    private void stream(final HttpExchange x) throws IOException {
        final BlockingQueue<String> q = new ArrayBlockingQueue<>(STREAM_BUFFER);
        streams.add(q);
        final List<Event> past = system.runtime().events().snapshot();
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        x.sendResponseHeaders(200, 0);
        try (OutputStream out = x.getResponseBody()) {
            // Events recorded between subscribing and the snapshot may come twice; clients key on nothing.
            for (Event e : past.subList(Math.max(0, past.size() - BACKLOG), past.size())) {
                out.write(("data: " + EventJson.toLine(e) + "\n\n").getBytes(StandardCharsets.UTF_8));
            }
            // The end of the backlog: a page tells history from what happens now by this, not by a timer.
            out.write("event: live\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (stopped.getCount() > 0) {
                final String line = q.poll(1, TimeUnit.SECONDS);
                out.write((line == null ? ": keep-alive\n\n" : "data: " + line + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The client went away, or the API is closing.
        } finally {
            streams.remove(q);
        }
    }

    private void asset(final HttpExchange x) throws IOException {
        try (x) {
            if (!admitted(x)) {
                return;
            }
            final String path = x.getRequestURI().getPath();
            final String resource = resource(path);
            final String type = path.endsWith(".html") || path.equals("/") ? "text/html"
                : path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css" : null;
            try (InputStream in = resource == null || type == null ? null
                : ControlApi.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null || !x.getRequestMethod().equals("GET")) {
                    send(x, 404, Map.of("error", "no page " + path));
                    return;
                }
                final byte[] bytes = in.readAllBytes();
                x.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
                x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                x.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                    + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
                x.sendResponseHeaders(200, bytes.length);
                x.getResponseBody().write(bytes);
            }
        }
    }

    /** The class path resource of a page: the dashboard's own files, and uPlot's from its webjar. */
    private static String resource(final String path) {
        if (path.startsWith("/vendor/uplot/")) {
            final String name = path.substring("/vendor/uplot/".length());
            return name.equals("uPlot.iife.min.js") || name.equals("uPlot.min.css") ? UPLOT + name : null;
        }
        final String name = path.equals("/") ? "index.html" : path.substring(1);
        return name.contains("/") || name.contains("..") ? null : "dev/newt/serve/" + name;
    }

    private static JsonNode body(final HttpExchange x) throws IOException {
        final byte[] bytes = x.getRequestBody().readNBytes(64 * 1024);
        final JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(Map.of("error", "bad JSON: " + e.getOriginalMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new BadRequest(Map.of("error", "the body must be a JSON object"));
        }
        return n;
    }

    private static String text(final JsonNode body, final String field) {
        if (!body.hasNonNull(field) || !body.get(field).isTextual()) {
            throw new BadRequest(Map.of("error", field + ": missing (a string)"));
        }
        return body.get(field).asText();
    }

    private static <T> T await(final Future<T> f) throws InterruptedException, ExecutionException,
        TimeoutException {
        return f.get(CALL_LIMIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void send(final HttpExchange x, final int code, final Object body) throws IOException {
        final byte[] bytes = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        x.sendResponseHeaders(code, bytes.length);
        x.getResponseBody().write(bytes);
    }

    private static void sendQuietly(final HttpExchange x, final int code, final Object body) {
        try {
            send(x, code, body);
        } catch (IOException | RuntimeException e) {
            // Headers were already sent, or the client went away.
        }
    }

    /** A 400 with its JSON body. */
    private static final class BadRequest extends RuntimeException {
        private final transient Object body;

        BadRequest(final Object body) {
            super(null, null, false, false);
            this.body = body;
        }
    }

    /** Stops serving (stream clients end within a second) and the pool. */
    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
