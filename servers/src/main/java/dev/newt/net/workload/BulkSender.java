package dev.newt.net.workload;

import dev.newt.core.server.ServerContext;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.msg.StreamShutdown;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The bulk workload's sender: connects to a {@link BulkReceiver} through its host's sock and
 * sends it {@code bytes} bytes of the seeded {@link StreamPattern}, keeping {@code outstanding}
 * sends of {@code chunk} bytes at sock so that the pipe stays full; then shuts its side down and
 * closes. A refused connect is tried again every {@link #RECONNECT} until the deadline (the
 * receiver may not listen yet). Writes a metric event per time bin (bytes sock took) and a summary
 * at the end; any error ends the run with the error counted, never a hang.
 */
public final class BulkSender extends StreamClient<BulkSender.State> {
    /** Wait before trying a refused connect again. */
    public static final Duration RECONNECT = Duration.ofMillis(10);

    private final Config cfg;

    /**
     * @param sock        the host's sock server
     * @param remote      the receiver's address
     * @param port        its port
     * @param bytes       how many bytes to send
     * @param chunk       bytes per send
     * @param outstanding sends at sock at once
     * @param seed        seed of the byte pattern
     * @param bin         width of a metric time bin
     * @param deadline    the run ends, counted as an error, if not done by then
     */
    public record Config(String sock, Ipv4Address remote, int port, long bytes, int chunk, int outstanding, long seed,
                         Duration bin, Duration deadline) {
        /** Validates the figures, naming the bad one. */
        public Config {
            Objects.requireNonNull(sock, "sock");
            Objects.requireNonNull(remote, "remote");
            if (port < 1 || port > 65535 || bytes < 0 || chunk < 1 || outstanding < 1 || bin.isZero()
                || bin.isNegative() || deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("invalid bulk sender: port=" + port + " bytes=" + bytes + " chunk="
                    + chunk + " outstanding=" + outstanding + " bin=" + bin + " deadline=" + deadline);
            }
        }
    }

    /** Checkpointed state: the complete accounting. */
    public static final class State extends StreamClient.State {
        long connectCall;
        int connectionId = -1;
        long nextOffset;
        long sentBytes;
        ArrayList<Long> sendCalls = new ArrayList<>();
        long shutdownCall;
        long closeCall;
        boolean reconnectPending;
        long connectRetries;
        long startedAt = -1;
        long binBytes;
        boolean complete;
    }

    private record Reconnect() { }

    /** @param cfg the workload's parameters */
    public BulkSender(final Config cfg) {
        super("bulk-sender", cfg.sock(), cfg.bin(), cfg.deadline());
        this.cfg = cfg;
    }

    @Override
    void resume(final ServerContext ctx, final State s) {
        if (s.reconnectPending) {
            ctx.setTimer(RECONNECT, new Reconnect());
        } else if (s.connectionId < 0 && s.connectCall == 0) {
            connect(ctx, s);
        }
    }

    @Override
    void deadline(final ServerContext ctx, final State s) {
        fail(ctx, s, "DEADLINE");
    }

    @Override
    void timer(final ServerContext ctx, final State s, final Object p) {
        if (p instanceof Reconnect) {
            s.reconnectPending = false;
            connect(ctx, s);
        }
    }

    @Override
    void reply(final ServerContext ctx, final State s, final long call, final Object p) {
        if (call == s.connectCall) {
            connected(ctx, s, p);
        } else if (s.sendCalls.remove(Long.valueOf(call))) {
            sent(ctx, s, p);
        } else if (call == s.shutdownCall) {
            s.shutdownCall = 0;
            if (p instanceof SocketError err) {
                fail(ctx, s, err.code());
            } else {
                s.closeCall = request(ctx, s, new StreamClose(s.connectionId, false));
            }
        } else if (call == s.closeCall) {
            s.complete = s.sentBytes == cfg.bytes();
            finish(ctx, s);
        }
    }

    private void connect(final ServerContext ctx, final State s) {
        s.connectCall = request(ctx, s, new StreamConnect(cfg.remote(), cfg.port(), 0));
    }

    private void connected(final ServerContext ctx, final State s, final Object p) {
        s.connectCall = 0;
        if (p instanceof StreamConnected c) {
            s.connectionId = c.connectionId();
            s.startedAt = ctx.now();
            pump(ctx, s);
        } else if (p instanceof SocketError err && err.code().equals("REFUSED")
            && ctx.now() + RECONNECT.toNanos() < s.clock.deadlineAt) {
            s.connectRetries++;
            s.reconnectPending = true;
            ctx.setTimer(RECONNECT, new Reconnect());
        } else {
            fail(ctx, s, code(p));
        }
    }

    /** Keeps {@code outstanding} sends at sock; shuts down once every byte is taken. */
    private void pump(final ServerContext ctx, final State s) {
        while (s.sendCalls.size() < cfg.outstanding() && s.nextOffset < cfg.bytes()) {
            final int len = (int) Math.min(cfg.chunk(), cfg.bytes() - s.nextOffset);
            final long call = request(ctx, s, new StreamSend(s.connectionId,
                StreamPattern.make(cfg.seed(), s.nextOffset, len), s.nextOffset));
            if (call == 0) {
                return;
            }
            s.sendCalls.add(call);
            s.nextOffset += len;
        }
        if (s.nextOffset == cfg.bytes() && s.sendCalls.isEmpty() && s.shutdownCall == 0 && s.closeCall == 0) {
            s.shutdownCall = request(ctx, s, new StreamShutdown(s.connectionId));
        }
    }

    private void sent(final ServerContext ctx, final State s, final Object p) {
        if (p instanceof StreamSent sent) {
            s.sentBytes += sent.bytes();
            s.binBytes += sent.bytes();
            pump(ctx, s);
        } else {
            fail(ctx, s, code(p));
        }
    }

    /** Ends the run after an error: the connection is reset, the summary written. */
    @Override
    void fail(final ServerContext ctx, final State s, final String code) {
        if (s.finished()) {
            return;
        }
        s.errors.count(code);
        if (s.connectionId >= 0) {
            tell(ctx, new StreamClose(s.connectionId, true));
        }
        finish(ctx, s);
    }

    @Override
    Map<String, Object> binFigures(final State s, final long width) {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("bytes", s.binBytes);
        f.put("throughputBytesPerSecond", WorkloadEvents.perSecond(s.binBytes, width));
        f.put("totalBytes", s.sentBytes);
        return f;
    }

    @Override
    void clearBin(final State s) {
        s.binBytes = 0;
    }

    @Override
    void summaryFigures(final ServerContext ctx, final State s, final Map<String, Object> f) {
        final long elapsed = s.startedAt < 0 ? 0 : ctx.now() - s.startedAt;
        f.put("bytes", cfg.bytes());
        f.put("bytesSent", s.sentBytes);
        f.put("complete", s.complete);
        f.put("elapsedNanos", elapsed);
        f.put("throughputBytesPerSecond", WorkloadEvents.perSecond(s.sentBytes, elapsed));
        f.put("connectRetries", s.connectRetries);
    }
}
