package dev.newt.net.workload;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.PingReply;
import dev.newt.net.msg.PingRequest;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Ping: ICMP echo requests through the host's ip server at a fixed interval, with round-trip times. */
public final class PingWorkload implements Server<PingWorkload.State> {
    private final Config cfg;

    /**
     * @param ip          the host's ip server
     * @param destination the host to ping
     * @param identifier  ICMP identifier of this pinger
     * @param count       echo requests to send
     * @param interval    time between them
     * @param dataSize    echo payload bytes
     * @param drain       how long to wait for replies after the last request
     * @param seed        seed of the payload pattern
     */
    public record Config(String ip, Ipv4Address destination, int identifier, int count, Duration interval,
                         int dataSize, Duration drain, long seed) {
        /** Validates the figures, naming the bad one. */
        public Config {
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(destination, "destination");
            if (count < 1 || count > 65535 || dataSize < Payloads.MIN_SIZE || identifier < 0 || identifier > 0xFFFF) {
                throw new IllegalArgumentException("invalid ping workload: count=" + count + " (1..65535) dataSize="
                    + dataSize + " identifier=" + identifier);
            }
        }
    }

    /** Checkpointed state. */
    public static final class State {
        int next;
        long[] sentAt = new long[0];
        byte[] seen = new byte[0];
        long received;
        long duplicated;
        long corrupted;
        boolean finished;
        RttStats rtt = new RttStats();
        /** The last request or intact reply, runtime clock: where the run's elapsed time ends (not the drain). */
        long lastProgressAt;
        WorkloadClock clock = new WorkloadClock();
        long binSent;
        long binReceived;
        RttStats binRtt = new RttStats();
    }

    /** Width of a metric bin. */
    static final Duration BIN = StreamWorkloadSpecs.BIN;

    private record Tick() { }

    private record Finish() { }

    /** @param cfg the parameters */
    public PingWorkload(final Config cfg) {
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
        }
        return s;
    }

    @Override
    public State onStart(final ServerContext ctx, final State state, final StartReason reason) {
        final State s = sized(state);
        if (!s.finished) {
            ctx.setTimer(s.next < cfg.count() ? Duration.ZERO : cfg.drain(),
                s.next < cfg.count() ? new Tick() : new Finish());
            if (s.next == 0) {
                s.clock.binStart = ctx.now();
            }
            ctx.setTimer(BIN, new WorkloadClock.Bin());
        }
        return s;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope m) {
        final Object p = m.payload();
        if (p instanceof Tick && s.next < cfg.count()) {
            final int seq = s.next++;
            s.sentAt[seq] = ctx.now();
            s.lastProgressAt = ctx.now();
            s.binSent++;
            ctx.send(cfg.ip(), new PingRequest(cfg.destination(), cfg.identifier(), seq,
                Payloads.make(cfg.seed(), seq, cfg.dataSize())));
            ctx.setTimer(s.next < cfg.count() ? cfg.interval() : cfg.drain(),
                s.next < cfg.count() ? new Tick() : new Finish());
        } else if (p instanceof PingReply r && !s.finished) {
            final long seq = Payloads.verify(cfg.seed(), r.data());
            if (seq < 0 || seq != r.sequence() || seq >= s.next) {
                s.corrupted++;
            } else if (s.seen[(int) seq] != 0) {
                s.duplicated++;
            } else {
                s.seen[(int) seq] = 1;
                s.received++;
                s.binReceived++;
                s.rtt.add(ctx.now() - s.sentAt[(int) seq]);
                s.binRtt.add(ctx.now() - s.sentAt[(int) seq]);
                s.lastProgressAt = ctx.now();
            }
        } else if (p instanceof WorkloadClock.Bin && !s.finished) {
            endBin(ctx, s);
            ctx.setTimer(BIN, new WorkloadClock.Bin());
        } else if (p instanceof Finish && !s.finished) {
            s.finished = true;
            endBin(ctx, s);
            final Map<String, Object> f = WorkloadEvents.accounting("ping", s.next, s.received, s.duplicated,
                s.corrupted, s.rtt);
            f.put("elapsedNanos", s.next == 0 ? 0 : s.lastProgressAt - s.sentAt[0]);
            WorkloadEvents.latency(f, s.rtt);
            WorkloadEvents.summary(ctx, f);
        }
        return s;
    }

    /** Writes the bin under way (requests, replies, rate and round trips) and starts the next. */
    private static void endBin(final ServerContext ctx, final State s) {
        final long start = s.clock.nextBin(ctx);
        WorkloadEvents.metric(ctx, "ping", start, Math.max(1, ctx.now() - start), s.binSent, s.binReceived, s.binRtt);
        s.binSent = 0;
        s.binReceived = 0;
        s.binRtt = new RttStats();
    }
}
