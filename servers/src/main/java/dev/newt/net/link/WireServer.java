package dev.newt.net.link;

import dev.newt.core.message.Envelope;
import dev.newt.core.server.Server;
import dev.newt.core.server.ServerContext;
import dev.newt.core.server.StartReason;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.stats.Counters;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.PacketBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A virtual Ethernet wire between two nic servers: a {@link Frame} from one end arrives at the
 * other end, sent from the wire's name, after its serialization time at the wire's bandwidth and
 * the wire's latency, with the impairments of its {@link WireConfig}.
 *
 * <p><b>Timing.</b> A frame starts going on the wire when its sender sent it (the envelope's
 * {@code sentAt}), or when the frame before it in the same direction has been serialized, if
 * later: each direction holds a "busy until" time, so back-to-back frames queue behind each other
 * as on a real link. Serialization counts the frame's own bytes only (no preamble, inter-frame gap
 * or FCS), so 1000 bytes at 10 Mbit/s take exactly 800 µs. Starting from {@code sentAt} rather
 * than from when the wire gets round to the frame keeps the wire's own scheduling out of the
 * timing; a delivery that would fall in the past is made at once. Each delivery is a timer
 * carrying a {@link Delivery}. A wire to an endpoint outside Newt (a TAP link: {@code
 * Topology.Builder.wireTo}) hands a frame over at once instead, in real time (threaded or pooled
 * executor), when it is due already with nothing in flight ahead of it in its direction and no
 * duplicate, saving the timer thread's wake-up and a hop per frame; simulated runs always use the
 * timer, so their event logs do not change. Wires between two Newt hosts keep the timer: on the
 * loaded 2-core machine the stack suite's bulk was 2-4 times slower with the hand-over (see
 * docs/BENCHMARKS.md, issue 15, "the TAP link").
 *
 * <p><b>Impairments.</b> For every frame within the MTU the wire draws, from {@code ctx.random()}
 * and in this order, whether it is lost, corrupted (and then which bit), duplicated and reordered,
 * whatever the outcome, so the same runtime seed gives the same impairments under the simulated
 * executor and changing one probability does not reshuffle the others. A lost frame still used
 * the bandwidth. A corrupted frame has one bit flipped in a fresh copy. A duplicate arrives right
 * after its original (both corrupted alike) and takes no bandwidth of its own. A reordered frame
 * (and its duplicate) arrives {@code reorderDelay} late, so later frames overtake it.
 *
 * <p><b>Drops.</b> A frame with a payload beyond the MTU is dropped before it uses the wire
 * ({@code drop.oversize}). A real wire has no back-pressure: if the receiver's mailbox is full at
 * delivery, the frame is gone ({@code drop.undeliverable}). A frame from anyone but the two ends
 * ({@code drop.unknown_sender}) and any message the wire does not understand
 * ({@code drop.unexpected_message}) are dropped and counted.
 *
 * <p><b>Restarts.</b> Frames in flight are held only by the incarnation's timers, so they are lost
 * if the wire itself restarts, like frames on a cable being replugged; the restarted wire counts
 * them in {@code lost.restart}. That count is exact when the wire checkpoints after every message
 * (as {@link LinkSpecs#wire} sets up); a replaying recovery re-draws the replayed frames'
 * impairments from the new incarnation's random source, so its counters are then approximate.
 *
 * <p><b>Capture.</b> With a {@link PcapTap} every delivered frame is captured, stamped with the
 * runtime clock at delivery: what the receiver sees, duplicates twice, undeliverable frames not at
 * all. The wire closes the tap in {@link #onStop}.
 *
 * <p><b>Stats.</b> Counters per direction, prefixed {@code ab.} (from endA to endB) and {@code ba.}:
 * {@code frames.in}, {@code bytes.in}, {@code frames.out}, {@code bytes.out}, {@code lost},
 * {@code duplicated}, {@code corrupted}, {@code reordered}, {@code drop.oversize},
 * {@code drop.undeliverable}, {@code lost.restart}, {@code in_flight}; the same without prefix as
 * totals over both; and {@code drop.unknown_sender}, {@code drop.unexpected_message},
 * {@code capture.errors}.
 */
public final class WireServer implements Server<WireServer.State> {
    private final WireConfig config;
    private final boolean handOverDue;
    private final long latencyNanos;
    private final long reorderDelayNanos;

    /**
     * The wire's state: its two directions and the drops that belong to neither.
     */
    public static final class State {
        /** From endA to endB. */
        public WireDirection ab = new WireDirection();
        /** From endB to endA. */
        public WireDirection ba = new WireDirection();
        /** Frames from a server that is neither end. */
        public long unknownSender;
        /** Messages that are neither frames, stats queries nor the wire's own deliveries. */
        public long unexpectedMessage;
        /** Delivered frames the capture could not write. */
        public long captureErrors;

        /** The state of a wire that has carried nothing. */
        public State() {
        }
    }

    /**
     * The timer payload of one delivery.
     *
     * @param destination the end that receives the frame
     * @param frame       the frame as it will be received; never changed
     */
    public record Delivery(String destination, PacketBuffer frame) {
        /** Checks the fields. */
        public Delivery {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(frame, "frame");
        }

        /**
         * @param destination the end that receives the frame
         * @param frame       the frame, all of the array, wrapped
         */
        public Delivery(final String destination, final byte[] frame) {
            this(destination, PacketBuffer.wrap(frame));
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Delivery d && d.destination.equals(destination)
                && Arrays.equals(d.frame.array(), d.frame.offset(), d.frame.offset() + d.frame.length(),
                    frame.array(), frame.offset(), frame.offset() + frame.length());
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (int i = frame.offset(); i < frame.offset() + frame.length(); i++) {
                h = 31 * h + frame.array()[i];
            }
            return destination.hashCode() * 31 + h;
        }

        @Override
        public String toString() {
            return "Delivery[to " + destination + ", " + frame.length() + " bytes]";
        }
    }

    /** @param config the wire's configuration, the same for every incarnation */
    public WireServer(final WireConfig config) {
        this(config, false);
    }

    /**
     * @param config      the wire's configuration, the same for every incarnation
     * @param handOverDue whether, in real time, a frame already due with nothing in flight ahead of
     *                    it goes to its receiver at once rather than by a zero-delay timer: for a
     *                    wire to an endpoint outside Newt, such as a TAP link (see the class comment)
     */
    public WireServer(final WireConfig config, final boolean handOverDue) {
        this.handOverDue = handOverDue;
        this.config = Objects.requireNonNull(config, "config");
        this.latencyNanos = config.latency().toNanos();
        this.reorderDelayNanos = config.reorderDelay().toNanos();
    }

    /**
     * Counts the deliveries a dead incarnation left in flight as lost: their timers died with it.
     */
    @Override
    public State onStart(final ServerContext ctx, final State s, final StartReason reason) {
        if (reason != StartReason.FIRST_START) {
            settleInFlight(s.ab);
            settleInFlight(s.ba);
        }
        return s;
    }

    private static void settleInFlight(final WireDirection d) {
        d.lostInRestart += d.inFlight;
        d.inFlight = 0;
    }

    @Override
    public State handle(final ServerContext ctx, final State s, final Envelope e) {
        final Object payload = e.payload();
        // The state is counters, and when a direction is free (whose frames in flight a restart
        // loses anyway): every message is a minor change (LinkSpecs.WIRE_MINOR_WAIT).
        ctx.minorChange();
        if (e.kind() == Envelope.Kind.TIMER) {
            if (payload instanceof Delivery d) {
                deliver(ctx, s, d);
            } else {
                s.unexpectedMessage++;
            }
        } else if (payload instanceof Frame f && e.kind() == Envelope.Kind.MESSAGE && f.buffer() != null) {
            if (e.from().equals(config.endA())) {
                transmit(ctx, s, s.ab, config.endB(), f.buffer().verify(), e.sentAt());
            } else if (e.from().equals(config.endB())) {
                transmit(ctx, s, s.ba, config.endA(), f.buffer().verify(), e.sentAt());
            } else {
                s.unknownSender++;
            }
        } else if (payload instanceof StatsQuery && e.isRequest()) {
            ctx.reply(e, stats(ctx.name(), s));
        } else {
            s.unexpectedMessage++;
        }
        return s;
    }

    /** Puts one frame on the wire in direction {@code dir}, towards {@code to}. */
    private void transmit(final ServerContext ctx, final State s, final WireDirection dir, final String to,
                          final PacketBuffer data, final long sentAt) {
        dir.framesIn++;
        dir.bytesIn += data.length();
        if (data.length() - EthernetFrame.HEADER_LENGTH > config.mtu()) {
            dir.oversize++;
            return;
        }
        final long start = Math.max(sentAt, dir.busyUntil);
        dir.busyUntil = start + config.serializationNanos(data.length());
        long arrival = dir.busyUntil + latencyNanos;

        // Draw every impairment for every frame, so that each has its own stream of outcomes.
        final RandomGenerator random = ctx.random();
        final boolean lost = random.nextDouble() < config.loss();
        final boolean corrupt = random.nextDouble() < config.corrupt() && data.length() > 0;
        final int bit = corrupt ? random.nextInt(data.length() * 8) : -1;
        final boolean duplicate = random.nextDouble() < config.duplicate();
        final boolean reorder = random.nextDouble() < config.reorder();
        if (lost) {
            dir.lost++;
            return;
        }
        PacketBuffer out = data;
        if (corrupt) {
            final byte[] flipped = new byte[data.length()];
            data.copyTo(flipped, 0);
            flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
            out = PacketBuffer.wrap(flipped);
            dir.corrupted++;
        }
        if (reorder) {
            arrival += reorderDelayNanos;
            dir.reordered++;
        }
        final long now = ctx.now();
        if (handOverDue && arrival <= now && !duplicate && dir.inFlight == 0 && !ctx.simulated()) {
            // Due already and nothing ahead of it in this direction: hand it over now rather than
            // through a zero-delay timer (a timer thread's wake-up and a second hop per frame).
            // Only in real time: the simulated executor keeps its timer, and so its event order.
            handOver(ctx, s, dir, to, out);
            return;
        }
        final Duration delay = Duration.ofNanos(Math.max(0, arrival - now));
        final Delivery delivery = new Delivery(to, out);
        ctx.setTimer(delay, delivery);
        dir.inFlight++;
        if (duplicate) {
            ctx.setTimer(delay, delivery);
            dir.inFlight++;
            dir.duplicated++;
        }
    }

    /** Hands a frame whose time has come to its receiver, or counts it lost if the receiver is full. */
    private void deliver(final ServerContext ctx, final State s, final Delivery d) {
        final WireDirection dir;
        if (d.destination().equals(config.endB())) {
            dir = s.ab;
        } else if (d.destination().equals(config.endA())) {
            dir = s.ba;
        } else {
            s.unexpectedMessage++;
            return;
        }
        // Never below zero: under a replaying recovery the replayed frames' impairments are drawn
        // anew, so a replayed delivery may belong to a frame the replay did not put in flight.
        dir.inFlight = Math.max(0, dir.inFlight - 1);
        handOver(ctx, s, dir, d.destination(), d.frame());
    }

    /** Sends a frame to its receiver, counting and capturing it, or counts it lost if the receiver is full. */
    private void handOver(final ServerContext ctx, final State s, final WireDirection dir, final String to,
                          final PacketBuffer frame) {
        if (!ctx.send(to, new Frame(frame))) {
            dir.undeliverable++;
            return;
        }
        dir.framesOut++;
        dir.bytesOut += frame.length();
        final Optional<PcapTap> tap = config.capture();
        if (tap.isPresent() && !tap.get().capture(ctx.now(), frame)) {
            s.captureErrors++;
        }
    }

    /**
     * @param server the wire's name
     * @param s      its state
     * @return its counters, per direction and in total
     */
    static Stats stats(final String server, final State s) {
        final Counters counters = new Counters();
        s.ab.addCountersTo("ab.", counters);
        s.ba.addCountersTo("ba.", counters);
        s.ab.addCountersTo("", counters);
        s.ba.addCountersTo("", counters);
        counters.put("drop.unknown_sender", s.unknownSender);
        counters.put("drop.unexpected_message", s.unexpectedMessage);
        counters.put("capture.errors", s.captureErrors);
        return counters.toStats(server);
    }

    /** Every counter is a count and can never go below zero. */
    @Override
    public Optional<String> audit(final State s) {
        if (s.ab == null || s.ba == null) {
            return Optional.of("a direction of wire '" + config.name() + "' is missing");
        }
        final String badAb = s.ab.negativeCounter();
        if (badAb != null) {
            return Optional.of("wire '" + config.name() + "': ab." + badAb + " is negative");
        }
        final String badBa = s.ba.negativeCounter();
        if (badBa != null) {
            return Optional.of("wire '" + config.name() + "': ba." + badBa + " is negative");
        }
        if (s.unknownSender < 0 || s.unexpectedMessage < 0 || s.captureErrors < 0) {
            return Optional.of("wire '" + config.name() + "': a drop counter is negative");
        }
        return Optional.empty();
    }

    /** Closes the capture, if any: the runtime is closing. */
    @Override
    public void onStop(final ServerContext ctx, final State s) {
        config.capture().ifPresent(PcapTap::close);
    }

    /** @return the configuration */
    public WireConfig config() {
        return config;
    }
}
