package dev.newt.net.workload;

import dev.newt.core.server.ServerContext;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The rpc workload's client: {@code requests} request/response exchanges with an
 * {@link RpcServer}, one at a time, either all on one persistent connection or each on a fresh
 * connection (connect, exchange, close). Every response is checked byte by byte against its
 * request id ({@link RpcFrames}); latency (from the start of the exchange, so including the
 * connect of a fresh connection, to the last byte of the response) goes into an HdrHistogram.
 *
 * <p>An exchange that meets an error fails, counted by code; its connection is reset and the next
 * exchange opens a new one. A refused connect is tried again every {@link BulkSender#RECONNECT}, up
 * to {@link #MAX_REFUSALS} times per exchange (the server may not listen yet, or again), the
 * exchange's latency counting from its first attempt. At the deadline the run ends,
 * never hangs. Summary: {@code requests}, {@code ok}, {@code failed}, {@code corrupted},
 * {@code unfinished}, {@code connects}, latency p50/p99/max/mean in nanoseconds, {@code errors}.
 */
public final class RpcClient extends StreamClient<RpcClient.State> {
    /** Refused connects of one exchange tried again before it fails. */
    public static final int MAX_REFUSALS = 20;

    private final Config cfg;

    /**
     * @param sock           the host's sock server
     * @param server         the rpc server's address
     * @param port           its port
     * @param requests       how many exchanges
     * @param requestSize    bytes per request, at least {@link RpcFrames#REQUEST_HEADER}
     * @param responseSize   bytes per response, at least {@link RpcFrames#RESPONSE_HEADER}
     * @param persistent     one connection for every exchange, or a fresh one for each
     * @param interval       pause between exchanges (zero: back to back)
     * @param seed           request ids are {@code seed << 32 | index}
     * @param bin            width of a metric time bin
     * @param deadline       the run ends, the rest counted unfinished, if not done by then
     */
    public record Config(String sock, Ipv4Address server, int port, int requests, int requestSize, int responseSize,
                         boolean persistent, Duration interval, long seed, Duration bin, Duration deadline) {
        /** Validates the figures, naming the bad one. */
        public Config {
            Objects.requireNonNull(sock, "sock");
            Objects.requireNonNull(server, "server");
            if (port < 1 || port > 65535 || requests < 0
                || !RpcFrames.validHeader(requestSize, responseSize) || interval.isNegative() || bin.isZero()
                || bin.isNegative() || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("invalid rpc client: port=" + port + " requests=" + requests
                    + " requestSize=" + requestSize + " (" + RpcFrames.REQUEST_HEADER + ".." + RpcFrames.MAX
                    + ") responseSize=" + responseSize + " (" + RpcFrames.RESPONSE_HEADER + ".." + RpcFrames.MAX
                    + ") interval=" + interval + " bin=" + bin + " deadline=" + deadline);
            }
        }
    }

    /** Checkpointed state: the complete accounting. */
    public static final class State extends StreamClient.State {
        int connectionId = -1;
        long connectCall;
        long sendCall;
        long receiveCall;
        long closeCall;
        int next;
        long startedAt;
        boolean inExchange;
        byte[] response = new byte[0];
        boolean nextPending;
        long ok;
        long failed;
        long corrupted;
        long connects;
        long connectRetries;
        int refusals;
        LatencyHistogram latency = new LatencyHistogram();
        LatencyHistogram binLatency = new LatencyHistogram();
        long runStart = -1;
        long binOk;
    }

    private record Next() { }

    /** @param cfg the workload's parameters */
    public RpcClient(final Config cfg) {
        super("rpc-client", cfg.sock(), cfg.bin(), cfg.deadline());
        this.cfg = cfg;
    }

    private long requestId(final int index) {
        return cfg.seed() << 32 | index;
    }

    @Override
    void started(final ServerContext ctx, final State s) {
        s.runStart = ctx.now();
        s.nextPending = true;
    }

    @Override
    void resume(final ServerContext ctx, final State s) {
        if (s.nextPending) {
            ctx.setTimer(Duration.ZERO, new Next());
        }
    }

    @Override
    void deadline(final ServerContext ctx, final State s) {
        if (s.inExchange) {
            fail(ctx, s, "DEADLINE");
        } else {
            s.errors.count("DEADLINE");
        }
        abortConnection(ctx, s);
        finish(ctx, s);
    }

    @Override
    void timer(final ServerContext ctx, final State s, final Object p) {
        if (p instanceof Next) {
            s.nextPending = false;
            start(ctx, s);
        }
    }

    @Override
    void reply(final ServerContext ctx, final State s, final long call, final Object p) {
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
            scheduleNext(ctx, s);
        }
    }

    /** Starts the next exchange, or ends the run when all are done. */
    private void start(final ServerContext ctx, final State s) {
        if (s.next >= cfg.requests()) {
            if (s.connectionId >= 0) {
                // The close's answer ends the run.
                closeConnection(ctx, s);
            } else {
                finish(ctx, s);
            }
            return;
        }
        s.inExchange = true;
        if (s.refusals == 0) {
            s.startedAt = ctx.now();
        }
        s.response = new byte[0];
        if (s.connectionId < 0) {
            s.connects++;
            s.connectCall = request(ctx, s, new StreamConnect(cfg.server(), cfg.port(), 0));
        } else {
            sendRequest(ctx, s);
        }
    }

    private void connected(final ServerContext ctx, final State s, final Object p) {
        if (p instanceof StreamConnected c) {
            s.connectionId = c.connectionId();
            sendRequest(ctx, s);
        } else if (code(p).equals("REFUSED") && s.refusals < MAX_REFUSALS
            && ctx.now() + BulkSender.RECONNECT.toNanos() < s.clock.deadlineAt) {
            s.refusals++;
            s.connectRetries++;
            s.connects--;
            s.inExchange = false;
            s.nextPending = true;
            ctx.setTimer(BulkSender.RECONNECT, new Next());
        } else {
            fail(ctx, s, code(p));
        }
    }

    private void sendRequest(final ServerContext ctx, final State s) {
        final long id = requestId(s.next);
        s.sendCall = request(ctx, s, new StreamSend(s.connectionId,
            RpcFrames.request(id, cfg.requestSize(), cfg.responseSize())));
        if (s.sendCall != 0) {
            s.receiveCall = request(ctx, s, new StreamReceive(s.connectionId, cfg.responseSize()));
        }
    }

    private void received(final ServerContext ctx, final State s, final Object p) {
        if (!(p instanceof StreamData d)) {
            fail(ctx, s, code(p));
            return;
        }
        if (d.data().length > 0) {
            final byte[] r = Arrays.copyOf(s.response, s.response.length + d.data().length);
            System.arraycopy(d.data(), 0, r, s.response.length, d.data().length);
            s.response = r;
        }
        if (s.response.length < cfg.responseSize()) {
            if (d.eof()) {
                fail(ctx, s, "EOF");
            } else {
                s.receiveCall = request(ctx, s, new StreamReceive(s.connectionId,
                    cfg.responseSize() - s.response.length));
            }
            return;
        }
        s.refusals = 0;
        final long latency = ctx.now() - s.startedAt;
        s.latency.record(latency);
        s.binLatency.record(latency);
        if (RpcFrames.responseIntact(requestId(s.next), cfg.responseSize(), s.response)) {
            s.ok++;
            s.binOk++;
        } else {
            s.corrupted++;
        }
        s.response = new byte[0];
        s.inExchange = false;
        s.next++;
        if (!cfg.persistent() || d.eof()) {
            closeConnection(ctx, s);
        } else {
            scheduleNext(ctx, s);
        }
    }

    /** Closes the connection gracefully; its answer schedules what comes next. */
    private void closeConnection(final ServerContext ctx, final State s) {
        final OptionalLong id = tell(ctx, new StreamClose(s.connectionId, false));
        s.connectionId = -1;
        if (id.isPresent()) {
            s.closeCall = id.getAsLong();
        } else {
            s.errors.count("NO_BUFFER_SPACE");
            scheduleNext(ctx, s);
        }
    }

    private void scheduleNext(final ServerContext ctx, final State s) {
        if (s.finished()) {
            return;
        }
        if (s.next >= cfg.requests() && s.connectionId < 0) {
            finish(ctx, s);
            return;
        }
        s.nextPending = true;
        ctx.setTimer(cfg.interval(), new Next());
    }

    /** The exchange under way failed: count it, reset its connection, go on with the next. */
    @Override
    void fail(final ServerContext ctx, final State s, final String code) {
        if (!s.inExchange) {
            return;
        }
        s.errors.count(code);
        s.failed++;
        s.refusals = 0;
        s.inExchange = false;
        s.next++;
        s.sendCall = 0;
        s.receiveCall = 0;
        s.connectCall = 0;
        abortConnection(ctx, s);
        scheduleNext(ctx, s);
    }

    private void abortConnection(final ServerContext ctx, final State s) {
        if (s.connectionId >= 0) {
            tell(ctx, new StreamClose(s.connectionId, true));
            s.connectionId = -1;
        }
    }

    @Override
    Map<String, Object> binFigures(final State s, final long width) {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("ok", s.binOk);
        f.put("ratePerSecond", WorkloadEvents.perSecond(s.binOk, width));
        f.put("latencyP50Nanos", s.binLatency.percentile(50));
        f.put("latencyP99Nanos", s.binLatency.percentile(99));
        f.put("totalOk", s.ok);
        f.put("failed", s.failed);
        return f;
    }

    @Override
    void clearBin(final State s) {
        s.binOk = 0;
        s.binLatency = new LatencyHistogram();
    }

    @Override
    void summaryFigures(final ServerContext ctx, final State s, final Map<String, Object> f) {
        final long done = s.ok + s.failed + s.corrupted;
        f.put("mode", cfg.persistent() ? "persistent" : "fresh");
        f.put("requests", (long) cfg.requests());
        f.put("ok", s.ok);
        f.put("failed", s.failed);
        f.put("corrupted", s.corrupted);
        f.put("unfinished", cfg.requests() - done);
        f.put("connects", s.connects);
        f.put("connectRetries", s.connectRetries);
        f.put("elapsedNanos", ctx.now() - s.runStart);
        f.put("latencyP50Nanos", s.latency.percentile(50));
        f.put("latencyP99Nanos", s.latency.percentile(99));
        f.put("latencyMaxNanos", s.latency.max());
        f.put("latencyMeanNanos", s.latency.mean());
    }
}
