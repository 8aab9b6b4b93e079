package dev.newt.net.app;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.message.Envelope;
import dev.newt.core.server.RequestTimedOut;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.workload.RttStats;
import dev.newt.net.workload.StreamWorkloadSpecs;
import dev.newt.net.workload.ReplicaListeners;
import dev.newt.net.workload.WorkloadEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * An HTTP client workload: fetches a list of paths from an HTTP server with {@code GET}, one after
 * the other, on one persistent connection or on a fresh connection per path, and checks each
 * response's status, length and CRC-32 against what is expected. A refused connect is tried again
 * every {@link ReplicaListeners#RELISTEN}, up to 20 times (the server may not listen yet). Ends with a
 * summary event ({@link EventKinds#WORKLOAD_SUMMARY}, workload {@code http-fetch}): {@code fetches},
 * {@code ok}, {@code failed} (no complete response), {@code mismatched} (a response, but not the
 * expected one), {@code connects}, and per path its status, length, CRC-32 and latency.
 */
public final class HttpFetch implements Server<HttpFetch.State> {
    private static final int MAX_REFUSALS = 20;

    /**
     * What a fetch must give; -1 for a figure not checked.
     *
     * @param status the status code
     * @param length the body length
     * @param crc32  the body's CRC-32
     */
    public record Expected(int status, long length, long crc32) {
        /** @param body the file @return a 200 with exactly that body */
        public static Expected body(final byte[] body) {
            return new Expected(200, body.length, crc(body, 0, body.length));
        }

        /** @param status a status code @return that status, any body */
        public static Expected status(final int status) {
            return new Expected(status, -1, -1);
        }

        boolean matches(final int s, final long len, final long crc) {
            return status == s && (length < 0 || length == len) && (crc32 < 0 || crc32 == crc);
        }
    }

    /**
     * @param sock       the host's sock server
     * @param server     the HTTP server's address
     * @param port       its port
     * @param host       the Host header to send
     * @param paths      the paths to fetch, in order
     * @param expected   what each path must give; a path not in it must give a 200
     * @param keepAlive  one connection for every fetch, or a fresh one each
     * @param deadline   the run ends, unfinished fetches failed, if not done by then
     */
    public record Config(String sock, Ipv4Address server, int port, String host, List<String> paths,
                         Map<String, Expected> expected, boolean keepAlive, Duration deadline) {
        /** Validates and copies. */
        public Config {
            Objects.requireNonNull(sock, "sock");
            Objects.requireNonNull(server, "server");
            paths = List.copyOf(paths);
            expected = Map.copyOf(expected);
            if (port < 1 || port > 65535 || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("invalid http fetch: port=" + port + " deadline=" + deadline);
            }
        }
    }

    /** The outcome of one fetch; a plain object for Jackson. */
    public static final class Result {
        String path;
        int status;
        long length = -1;
        long crc32 = -1;
        long latencyNanos;
        boolean ok;
        String error;

        Map<String, Object> toMap() {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("status", (long) status);
            m.put("length", length);
            m.put("crc32", crc32);
            m.put("latencyNanos", latencyNanos);
            m.put("ok", ok);
            if (error != null) {
                m.put("error", error);
            }
            return m;
        }
    }

    /** Checkpointed state. */
    public static final class State {
        int connectionId = -1;
        long connectCall;
        long sendCall;
        long receiveCall;
        long closeCall;
        int index;
        int refusals;
        byte[] buffer = new byte[0];
        long startedAt;
        boolean inFetch;
        boolean nextPending = true;
        long connects;
        long deadlineAt = -1;
        ArrayList<Result> results = new ArrayList<>();
        boolean finished;
        /** When the first fetch started, runtime clock; -1 before. */
        long firstStartedAt = -1;
        /** The metric bin under way: its start, its fetches done and their latencies. */
        long binStart;
        long binDone;
        long binOk;
        RttStats binLatency = new RttStats();

        /** @return whether the summary is written */
        public boolean finished() {
            return finished;
        }
    }

    private record Next() { }

    private record Deadline() { }

    private record Bin() { }

    /** Width of a metric bin, as the other workloads'. */
    static final Duration BIN = StreamWorkloadSpecs.BIN;

    private final Config cfg;

    /** @param cfg the workload's parameters */
    public HttpFetch(final Config cfg) {
        this.cfg = cfg;
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        if (s.finished) {
            return s;
        }
        if (s.deadlineAt < 0) {
            s.deadlineAt = ctx.now() + cfg.deadline().toNanos();
            s.binStart = ctx.now();
        }
        ctx.setTimer(BIN, new Bin());
        ctx.setTimer(Duration.ofNanos(Math.max(0, s.deadlineAt - ctx.now())), new Deadline());
        if (s.nextPending) {
            ctx.setTimer(Duration.ZERO, new Next());
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        if (s.finished) {
            return s;
        }
        final Object p = m.payload();
        if (p instanceof Bin) {
            endBin(ctx, s);
            ctx.setTimer(BIN, new Bin());
        } else if (p instanceof Next) {
            s.nextPending = false;
            start(ctx, s);
        } else if (p instanceof Deadline) {
            if (s.inFetch) {
                fail(ctx, s, "DEADLINE");
            }
            while (s.results.size() < cfg.paths().size()) {
                final Result r = new Result();
                r.path = cfg.paths().get(s.results.size());
                r.error = "DEADLINE";
                s.results.add(r);
            }
            finish(ctx, s);
        } else if (m.kind() == Envelope.Kind.REPLY) {
            final long call = m.correlationId();
            if (call == s.connectCall) {
                s.connectCall = 0;
                connected(ctx, s, p);
            } else if (call == s.sendCall) {
                s.sendCall = 0;
                if (!(p instanceof StreamSent)) {
                    fail(ctx, s, code(p));
                }
            } else if (call == s.receiveCall) {
                s.receiveCall = 0;
                received(ctx, s, p);
            } else if (call == s.closeCall) {
                s.closeCall = 0;
                scheduleNext(ctx, s, Duration.ZERO);
            }
        }
        return s;
    }

    private static String code(final Object p) {
        if (p instanceof RequestTimedOut) {
            return "TIMEOUT";
        }
        return p instanceof SocketError err ? err.code() : "UNEXPECTED";
    }

    private void start(final ServerContext ctx, final State s) {
        if (s.index >= cfg.paths().size()) {
            if (s.connectionId >= 0) {
                close(ctx, s);
            } else {
                finish(ctx, s);
            }
            return;
        }
        s.inFetch = true;
        if (s.refusals == 0) {
            s.startedAt = ctx.now();
        }
        if (s.firstStartedAt < 0) {
            s.firstStartedAt = ctx.now();
        }
        s.buffer = new byte[0];
        if (s.connectionId < 0) {
            s.connects++;
            s.connectCall = ctx.request(cfg.sock(), new StreamConnect(cfg.server(), cfg.port(), 0)).orElse(0);
        } else {
            sendRequest(ctx, s);
        }
    }

    private void connected(final ServerContext ctx, final State s, final Object p) {
        if (p instanceof StreamConnected c) {
            s.connectionId = c.connectionId();
            sendRequest(ctx, s);
        } else if (code(p).equals("REFUSED") && s.refusals < MAX_REFUSALS) {
            s.refusals++;
            s.connects--;
            s.inFetch = false;
            scheduleNext(ctx, s, ReplicaListeners.RELISTEN);
        } else {
            fail(ctx, s, code(p));
        }
    }

    private void sendRequest(final ServerContext ctx, final State s) {
        final String req = "GET " + cfg.paths().get(s.index) + " HTTP/1.1\r\nHost: " + cfg.host() + "\r\n"
            + (lastOnConnection(s.index) ? "Connection: close\r\n" : "") + "\r\n";
        s.sendCall = ctx.request(cfg.sock(), new StreamSend(s.connectionId, req.getBytes(StandardCharsets.ISO_8859_1)))
            .orElse(0);
        receive(ctx, s);
    }

    private void receive(final ServerContext ctx, final State s) {
        s.receiveCall = ctx.request(cfg.sock(), new StreamReceive(s.connectionId, 64 * 1024)).orElse(0);
    }

    private void received(final ServerContext ctx, final State s, final Object p) {
        if (!(p instanceof StreamData d)) {
            fail(ctx, s, code(p));
            return;
        }
        if (d.data().length > 0) {
            final byte[] b = Arrays.copyOf(s.buffer, s.buffer.length + d.data().length);
            System.arraycopy(d.data(), 0, b, s.buffer.length, d.data().length);
            s.buffer = b;
        }
        final Parsed<HttpResponseHead> head = HttpResponseHead.parse(s.buffer, s.buffer.length);
        if (head.malformed()) {
            fail(ctx, s, "BAD_RESPONSE: " + head.error());
            return;
        }
        if (head.complete() && head.value().contentLength() < 0) {
            fail(ctx, s, "BAD_RESPONSE: no Content-Length");
            return;
        }
        if (!head.complete() || s.buffer.length < head.length() + head.value().contentLength()) {
            if (d.eof()) {
                fail(ctx, s, "EOF");
            } else {
                receive(ctx, s);
            }
            return;
        }
        final HttpResponseHead h = head.value();
        final int bodyLength = (int) h.contentLength();
        final Result r = new Result();
        r.path = cfg.paths().get(s.index);
        r.status = h.status();
        r.length = bodyLength;
        r.crc32 = crc(s.buffer, head.length(), bodyLength);
        r.latencyNanos = ctx.now() - s.startedAt;
        final Expected want = cfg.expected().getOrDefault(r.path, Expected.status(200));
        r.ok = want.matches(r.status, r.length, r.crc32);
        if (!r.ok) {
            r.error = "MISMATCH: expected " + want;
        }
        s.results.add(r);
        done(s, r);
        s.index++;
        s.refusals = 0;
        s.inFetch = false;
        if (lastOnConnection(s.index - 1) || !h.keepAlive() || d.eof()) {
            close(ctx, s);
        } else {
            scheduleNext(ctx, s, Duration.ZERO);
        }
    }

    private boolean lastOnConnection(final int index) {
        return !cfg.keepAlive() || index == cfg.paths().size() - 1;
    }

    private void close(final ServerContext ctx, final State s) {
        s.closeCall = ctx.request(cfg.sock(), new StreamClose(s.connectionId, false)).orElse(0);
        s.connectionId = -1;
        if (s.closeCall == 0) {
            scheduleNext(ctx, s, Duration.ZERO);
        }
    }

    private void scheduleNext(final ServerContext ctx, final State s, final Duration delay) {
        s.nextPending = true;
        ctx.setTimer(delay, new Next());
    }

    private void fail(final ServerContext ctx, final State s, final String error) {
        if (!s.inFetch) {
            return;
        }
        final Result r = new Result();
        r.path = cfg.paths().get(s.index);
        r.error = error;
        r.latencyNanos = ctx.now() - s.startedAt;
        s.results.add(r);
        done(s, r);
        s.index++;
        s.refusals = 0;
        s.inFetch = false;
        s.sendCall = 0;
        s.receiveCall = 0;
        if (s.connectionId >= 0) {
            ctx.request(cfg.sock(), new StreamClose(s.connectionId, true));
            s.connectionId = -1;
        }
        scheduleNext(ctx, s, Duration.ZERO);
    }

    /** Counts a fetch that ended (with a response or an error) in the bin under way. */
    private static void done(final State s, final Result r) {
        s.binDone++;
        s.binOk += r.ok ? 1 : 0;
        s.binLatency.add(r.latencyNanos);
    }

    /** Writes the bin under way (fetches done and ok, their rate and latency) and starts the next. */
    private static void endBin(final ServerContext ctx, final State s) {
        final long width = Math.max(1, ctx.now() - s.binStart);
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("fetches", s.binDone);
        f.put("ok", s.binOk);
        f.put("ratePerSecond", s.binOk * 1_000_000_000L / width);
        f.put("latencyP50Nanos", s.binLatency.percentile(50));
        f.put("latencyP99Nanos", s.binLatency.percentile(99));
        WorkloadEvents.metric(ctx, "http-fetch", s.binStart, width, f);
        s.binStart = ctx.now();
        s.binDone = 0;
        s.binOk = 0;
        s.binLatency = new RttStats();
    }

    private void finish(final ServerContext ctx, final State s) {
        s.finished = true;
        endBin(ctx, s);
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("workload", "http-fetch");
        f.put("fetches", (long) cfg.paths().size());
        f.put("ok", s.results.stream().filter(r -> r.ok).count());
        f.put("failed", s.results.stream().filter(r -> !r.ok && r.status == 0).count());
        f.put("mismatched", s.results.stream().filter(r -> !r.ok && r.status != 0).count());
        f.put("connects", s.connects);
        final List<Map<String, Object>> results = new ArrayList<>();
        s.results.forEach(r -> results.add(r.toMap()));
        f.put("results", results);
        // Elapsed: from the first fetch's start to the end (every workload reports it: outcome rule 8).
        f.put("elapsedNanos", s.firstStartedAt < 0 ? 0 : ctx.now() - s.firstStartedAt);
        final RttStats latency = new RttStats();
        s.results.stream().filter(r -> r.error == null || !r.error.equals("DEADLINE"))
            .forEach(r -> latency.add(r.latencyNanos));
        WorkloadEvents.latency(f, latency);
        ctx.emit(new CustomEvent(ctx.now(), ctx.name(), EventKinds.WORKLOAD_SUMMARY, f));
    }

    /** @return the CRC-32 of {@code b[off, off + len)} */
    static long crc(final byte[] b, final int off, final int len) {
        final CRC32 c = new CRC32();
        c.update(b, off, len);
        return c.getValue();
    }
}
