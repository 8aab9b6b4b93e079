package dev.newt.net.workload;

import dev.newt.core.message.Envelope;
import dev.newt.core.message.Envelope.Kind;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.Datagram;
import dev.newt.net.msg.DgramBind;
import dev.newt.net.msg.DgramBound;
import dev.newt.net.msg.DgramReceive;
import dev.newt.net.msg.DgramSendTo;
import dev.newt.net.msg.SocketError;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The UDP echo workload's client: sends {@code count} self-checking datagrams through its host's
 * sock server, and accounts for every echo: received, lost, duplicated, corrupted, with
 * round-trip times. Open loop, it sends at a fixed interval; closed loop ({@code window > 0}), it
 * keeps {@code window} datagrams outstanding and sends the next one when an echo comes back or
 * an outstanding one times out, which measures the rate the stack sustains without overrunning
 * it. Writes a metric event per time bin and a summary at the end.
 */
public final class UdpEchoClient implements Server<UdpEchoClient.State> {
    private final Config cfg;

    /**
     * @param sock        the host's sock server
     * @param server      address of the echo server
     * @param port        its port
     * @param count       datagrams to send
     * @param interval    time between sends
     * @param payloadSize bytes per datagram
     * @param drain       how long to wait for echoes after the last send
     * @param bin         width of a metric time bin
     * @param seed        seed of the payload pattern
     * @param window      datagrams kept outstanding (closed loop), or 0 to send at {@code interval}
     * @param timeout     closed loop: after this long an outstanding datagram frees its slot (it still
     *                    counts as received if its echo comes later)
     */
    public record Config(String sock, Ipv4Address server, int port, int count, Duration interval, int payloadSize,
                         Duration drain, Duration bin, long seed, int window, Duration timeout) {
        /** Validates the figures, naming the bad one. */
        public Config {
            Objects.requireNonNull(sock, "sock");
            Objects.requireNonNull(server, "server");
            if (count < 1 || port < 1 || port > 65535 || payloadSize < Payloads.MIN_SIZE || payloadSize > 1472
                || interval.isNegative() || bin.isZero() || bin.isNegative() || window < 0
                || (window > 0 && (timeout.isZero() || timeout.isNegative()))) {
                throw new IllegalArgumentException("invalid udp-echo workload: count=" + count + " port=" + port
                    + " payloadSize=" + payloadSize + " (" + Payloads.MIN_SIZE + "..1472) interval=" + interval
                    + " bin=" + bin + " window=" + window + " timeout=" + timeout);
            }
        }
    }

    /** Checkpointed state: the complete accounting. */
    public static final class State {
        int socketId = -1;
        long bindCall;
        long receiveCall;
        int next;
        long[] sentAt = new long[0];
        byte[] seen = new byte[0];
        byte[] timedOut = new byte[0];
        int outstanding;
        int oldest;
        long received;
        long duplicated;
        long corrupted;
        long errors;
        boolean finished;
        WorkloadClock clock = new WorkloadClock();
        long binSent;
        long binReceived;
        RttStats binRtt = new RttStats();
        RttStats rtt = new RttStats();
        /** The last send or intact echo, runtime clock: where the run's elapsed time ends (not the drain). */
        long lastProgressAt;

        /** @return whether the workload has written its summary */
        public boolean finished() {
            return finished;
        }
    }

    private record Tick() { }

    private record Finish() { }

    private record Sweep() { }

    /** @param cfg the workload's parameters */
    public UdpEchoClient(final Config cfg) {
        this.cfg = cfg;
    }

    /** @return a fresh state sized for the configured count */
    public State initialState() {
        return sized(new State());
    }

    /**
     * Sizes a fresh state's accounting for the configured count. A state may come from the state
     * class's no-arg constructor (a woven image's spec makes its first and fresh states so), with
     * empty arrays; sending from it would throw, again after every restart.
     */
    private State sized(final State s) {
        if (s.sentAt.length < cfg.count()) {
            s.sentAt = new long[cfg.count()];
            s.seen = new byte[cfg.count()];
            s.timedOut = new byte[cfg.count()];
        }
        return s;
    }

    @Override
    public State onStart(final ServerContext ctx, final State state, final StartReason reason) {
        final State s = sized(state);
        if (s.finished) {
            return s;
        }
        if (s.socketId < 0) {
            s.bindCall = ctx.request(cfg.sock(), new DgramBind(0)).orElse(0);
        } else {
            armSending(ctx, s);
        }
        ctx.setTimer(cfg.bin(), new WorkloadClock.Bin());
        return s;
    }

    private void armSending(final ServerContext ctx, final State s) {
        if (s.next < cfg.count()) {
            ctx.setTimer(Duration.ZERO, new Tick());
            if (cfg.window() > 0) {
                ctx.setTimer(cfg.timeout(), new Sweep());
            }
        } else {
            ctx.setTimer(cfg.drain(), new Finish());
        }
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (m.kind() == Kind.REPLY) {
            onReply(ctx, s, m.correlationId(), p);
        } else if (p instanceof Tick) {
            if (cfg.window() > 0) {
                fillWindow(ctx, s);
            } else {
                send(ctx, s);
            }
        } else if (p instanceof Sweep) {
            sweep(ctx, s);
        } else if (p instanceof WorkloadClock.Bin) {
            WorkloadEvents.metric(ctx, "udp-echo", s.clock.nextBin(ctx), cfg.bin().toNanos(), s.binSent, s.binReceived,
                s.binRtt);
            s.binSent = 0;
            s.binReceived = 0;
            s.binRtt = new RttStats();
            if (!s.finished) {
                ctx.setTimer(cfg.bin(), new WorkloadClock.Bin());
            }
        } else if (p instanceof Finish) {
            finish(ctx, s);
        }
        return s;
    }

    private void onReply(final ServerContext ctx, final State s, final long call, final Object p) {
        if (p instanceof SocketError) {
            s.errors++;
        }
        if (call == s.bindCall && p instanceof DgramBound b) {
            s.socketId = b.socketId();
            s.receiveCall = ctx.request(cfg.sock(), new DgramReceive(s.socketId)).orElse(0);
            armSending(ctx, s);
        } else if (call == s.receiveCall && !s.finished) {
            if (p instanceof Datagram d) {
                account(ctx, s, d);
            }
            s.receiveCall = ctx.request(cfg.sock(), new DgramReceive(s.socketId)).orElse(0);
        }
    }

    private void account(final ServerContext ctx, final State s, final Datagram d) {
        final long seq = Payloads.verify(cfg.seed(), d.data());
        if (seq < 0 || seq >= s.next || d.data().length != cfg.payloadSize()) {
            s.corrupted++;
        } else if (s.seen[(int) seq] != 0) {
            s.duplicated++;
        } else {
            s.seen[(int) seq] = 1;
            s.received++;
            s.binReceived++;
            final long rtt = ctx.now() - s.sentAt[(int) seq];
            s.rtt.add(rtt);
            s.binRtt.add(rtt);
            s.lastProgressAt = ctx.now();
            if (cfg.window() > 0 && s.timedOut[(int) seq] == 0) {
                s.outstanding--;
                fillWindow(ctx, s);
            }
        }
    }

    /** Closed loop: sends until {@code window} datagrams are outstanding or all are sent. */
    private void fillWindow(final ServerContext ctx, final State s) {
        while (s.outstanding < cfg.window() && s.next < cfg.count()) {
            transmit(ctx, s);
            s.outstanding++;
        }
        if (s.next >= cfg.count() && s.outstanding == 0) {
            ctx.setTimer(cfg.drain(), new Finish());
        }
    }

    /** Closed loop: frees the slots of datagrams outstanding for longer than the timeout. */
    private void sweep(final ServerContext ctx, final State s) {
        final long limit = ctx.now() - cfg.timeout().toNanos();
        while (s.oldest < s.next && s.sentAt[s.oldest] <= limit) {
            if (s.seen[s.oldest] == 0 && s.timedOut[s.oldest] == 0) {
                s.timedOut[s.oldest] = 1;
                s.outstanding--;
            }
            s.oldest++;
        }
        fillWindow(ctx, s);
        if (!s.finished && (s.next < cfg.count() || s.outstanding > 0)) {
            ctx.setTimer(cfg.timeout(), new Sweep());
        }
    }

    private void transmit(final ServerContext ctx, final State s) {
        final int seq = s.next++;
        s.sentAt[seq] = ctx.now();
        s.lastProgressAt = ctx.now();
        s.binSent++;
        if (ctx.request(cfg.sock(), new DgramSendTo(s.socketId, cfg.server(), cfg.port(),
            Payloads.make(cfg.seed(), seq, cfg.payloadSize()))).isEmpty()) {
            s.errors++;
        }
    }

    private void send(final ServerContext ctx, final State s) {
        if (s.next >= cfg.count()) {
            return;
        }
        transmit(ctx, s);
        if (s.next < cfg.count()) {
            ctx.setTimer(cfg.interval(), new Tick());
        } else {
            ctx.setTimer(cfg.drain(), new Finish());
        }
    }

    private void finish(final ServerContext ctx, final State s) {
        if (s.finished) {
            return;
        }
        s.finished = true;
        final Map<String, Object> f = WorkloadEvents.accounting("udp-echo", s.next, s.received, s.duplicated,
            s.corrupted, s.rtt);
        f.put("errors", s.errors);
        f.put("elapsedNanos", s.next == 0 ? 0 : s.lastProgressAt - s.sentAt[0]);
        WorkloadEvents.latency(f, s.rtt);
        WorkloadEvents.summary(ctx, f);
    }
}
