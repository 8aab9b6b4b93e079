package dev.newt.net.workload;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
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
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The bulk workload's sender: connects to a {@link BulkReceiver} through its host's sock and
 * sends it {@code bytes} bytes of the seeded {@link StreamPattern}, keeping {@code outstanding}
 * sends of {@code chunk} bytes at sock so that the pipe stays full; then shuts its side down and
 * closes. A refused connect is tried again every {@link #RECONNECT} until the deadline (the
 * receiver may not listen yet). Writes a metric event per time bin (bytes sock took) and a summary
 * at the end; any error ends the run with the error counted, never a hang.
 */
public final class BulkSender implements Server<BulkSender.State> {
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
    public static final class State {
        long connectCall;
        int connectionId = -1;
        long nextOffset;
        long sentBytes;
        ArrayList<Long> sendCalls = new ArrayList<>();
        long shutdownCall;
        long closeCall;
        boolean reconnectPending;
        long connectRetries;
        TreeMap<String, Long> errors = new TreeMap<>();
        long startedAt = -1;
        long deadlineAt;
        long binStart;
        long binBytes;
        boolean complete;
        boolean finished;

        /** @return whether the sender has written its summary */
        public boolean finished() {
            return finished;
        }
    }

    private record Bin() { }

    private record Deadline() { }

    private record Reconnect() { }

    /** @param cfg the workload's parameters */
    public BulkSender(final Config cfg) {
        this.cfg = cfg;
    }

    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        if (s.finished) {
            return s;
        }
        if (reason == StartReason.FIRST_START || s.deadlineAt == 0) {
            s.deadlineAt = ctx.now() + cfg.deadline().toNanos();
            s.binStart = ctx.now();
        }
        ctx.setTimer(cfg.bin(), new Bin());
        ctx.setTimer(Duration.ofNanos(Math.max(0, s.deadlineAt - ctx.now())), new Deadline());
        if (s.reconnectPending) {
            ctx.setTimer(RECONNECT, new Reconnect());
        } else if (s.connectionId < 0 && s.connectCall == 0) {
            connect(ctx, s);
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof Bin) {
            metric(ctx, s);
            if (!s.finished) {
                ctx.setTimer(cfg.bin(), new Bin());
            }
            return s;
        }
        if (s.finished) {
            return s;
        }
        if (p instanceof Deadline) {
            fail(ctx, s, "DEADLINE");
        } else if (p instanceof Reconnect) {
            s.reconnectPending = false;
            connect(ctx, s);
        } else if (m.kind() == Kind.REPLY) {
            final long call = m.correlationId();
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
        return s;
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
            && ctx.now() + RECONNECT.toNanos() < s.deadlineAt) {
            s.connectRetries++;
            s.reconnectPending = true;
            ctx.setTimer(RECONNECT, new Reconnect());
        } else {
            fail(ctx, s, p instanceof SocketError err ? err.code() : "UNEXPECTED");
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
            fail(ctx, s, p instanceof SocketError err ? err.code() : "UNEXPECTED");
        }
    }

    /** @return the call's id, or 0 (and the run ends) if sock's mailbox was full */
    private long request(final ServerContext ctx, final State s, final Object payload) {
        final OptionalLong id = ctx.request(cfg.sock(), payload);
        if (id.isEmpty()) {
            fail(ctx, s, "NO_BUFFER_SPACE");
            return 0;
        }
        return id.getAsLong();
    }

    /** Ends the run after an error: the connection is reset, the summary written. */
    private void fail(final ServerContext ctx, final State s, final String code) {
        if (s.finished) {
            return;
        }
        s.errors.merge(code, 1L, Long::sum);
        if (s.connectionId >= 0) {
            ctx.request(cfg.sock(), new StreamClose(s.connectionId, true));
        }
        finish(ctx, s);
    }

    private void metric(final ServerContext ctx, final State s) {
        final long width = Math.max(1, ctx.now() - s.binStart);
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("bytes", s.binBytes);
        f.put("throughputBytesPerSecond", WorkloadEvents.perSecond(s.binBytes, width));
        f.put("totalBytes", s.sentBytes);
        WorkloadEvents.metric(ctx, "bulk-sender", s.binStart, width, f);
        s.binStart = ctx.now();
        s.binBytes = 0;
    }

    private void finish(final ServerContext ctx, final State s) {
        if (s.finished) {
            return;
        }
        metric(ctx, s);
        s.finished = true;
        final long elapsed = s.startedAt < 0 ? 0 : ctx.now() - s.startedAt;
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("workload", "bulk-sender");
        f.put("bytes", cfg.bytes());
        f.put("bytesSent", s.sentBytes);
        f.put("complete", s.complete);
        f.put("elapsedNanos", elapsed);
        f.put("throughputBytesPerSecond", WorkloadEvents.perSecond(s.sentBytes, elapsed));
        f.put("connectRetries", s.connectRetries);
        f.put("errorCount", s.errors.values().stream().mapToLong(Long::longValue).sum());
        f.put("errors", new TreeMap<>(s.errors));
        WorkloadEvents.summary(ctx, f);
    }
}
