package dev.newt.perf;

import dev.newt.core.event.CorruptionDetected;
import dev.newt.core.event.Event;
import dev.newt.core.event.GaveUp;
import dev.newt.core.event.HangDetected;
import dev.newt.core.event.RestartFailed;
import dev.newt.core.event.RuntimeError;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.runtime.ServerStatus;
import dev.newt.net.api.TransportStack;
import dev.newt.net.app.AppSpecs;
import dev.newt.net.host.HostConfig;
import dev.newt.net.ip.IpServer;
import dev.newt.net.link.LinkSpecs;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.pf.PfRules;
import dev.newt.net.wire.ArpPacket;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.FrameMutator;
import dev.newt.net.wire.IcmpEcho;
import dev.newt.net.wire.IcmpMessage;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.MacAddress;
import dev.newt.net.wire.TcpSegment;
import dev.newt.net.wire.UdpDatagram;
import dev.newt.net.workload.WorkloadSpecs;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The frame fuzzing soak (issue 17): seeded random and mutated frames go into host b's nic from its
 * link (the suite stands in for the wire), on the simulated executor, through the whole stack (nic,
 * ip, pf, udp, tcp, sock, a udp echo server on port 7 and a tcp echo server on port 80). The seeds
 * are a UDP datagram, an ICMP echo request, an ARP request, a TCP SYN and a TCP data segment; a
 * mutant is random bytes, a truncated seed or a seed with bits flipped past the destination MAC.
 *
 * <p>The soak fails, with an {@link IllegalStateException} naming what broke, if a frame is
 * unaccounted for (the nic's {@code rx.frames} plus its {@code rx.drop.*} must equal the frames
 * sent, and ip's {@code frames.in} the nic's {@code rx.frames}), if any server crashed, restarted,
 * hung, failed an audit or raised a runtime error, or if the host does not answer a ping afterwards.
 */
public final class FuzzSuite {
    private static final String LINK = "fuzz.link";
    private static final MacAddress PEER_MAC = MacAddress.parse("02:00:0a:00:00:01");
    private static final Ipv4Address PEER = Ipv4Address.parse("10.0.0.1");
    private static final List<Class<? extends Event>> FAILURES = List.of(ServerCrashed.class, ServerRestarted.class,
        RestartFailed.class, GaveUp.class, HangDetected.class, CorruptionDetected.class, RuntimeError.class);
    /** Frames sent between two slices of virtual time, so that the nic's mailbox rarely fills. */
    private static final int BATCH = 256;

    private FuzzSuite() {
    }

    /**
     * What a soak did.
     *
     * @param frames       frames sent
     * @param seconds      wall time of the sending and the processing
     * @param peakHeapMb   peak heap use over the run, MB (the sum of the heap pools' peaks)
     * @param nicDelivered frames the nic passed to ip
     * @param drops        dropped frames by layer and reason, such as {@code nic.NOT_FOR_US}
     * @param replies      frames the host sent back onto the link
     */
    public record Result(long frames, double seconds, double peakHeapMb, long nicDelivered, Map<String, Long> drops,
                         long replies) {
        /** @return frames per second of wall time */
        public double framesPerSecond() {
            return frames / seconds;
        }
    }

    /**
     * Runs the soak as a {@code newt bench} suite.
     *
     * @param frames   frames to send
     * @param progress where the drop table goes
     * @return frames per second and the peak heap
     */
    static List<Figure> run(final int frames, final PrintStream progress) {
        final Result r = soak(frames, 0xF022L, progress);
        final List<Figure> out = new ArrayList<>();
        out.add(fixed("frames/s (" + frames + " frames, simulated)", r.framesPerSecond(), "/s", ""));
        out.add(fixed("peak heap", r.peakHeapMb(), "MB", ""));
        out.add(fixed("unaccounted frames, crashes", 0, "", "0"));
        return out;
    }

    private static Figure fixed(final String metric, final double v, final String unit, final String target) {
        return new Figure("fuzz", metric, v, v, v, unit, target);
    }

    /**
     * Sends the frames, checks that each is accounted for and that nothing crashed.
     *
     * @param frames   frames to send
     * @param seed     the seed of the mutants
     * @param progress where the figures and the drop table go
     * @return what the soak did
     * @throws IllegalStateException if a frame is unaccounted for, a server crashed, restarted,
     *                               hung, failed an audit or raised a runtime error, or the host no longer answers pings
     */
    public static Result soak(final long frames, final long seed, final PrintStream progress) {
        final HostConfig b = HostConfig.of("b", "10.0.0.2/24", LINK);
        final NewtRuntime.Builder builder = NewtRuntime.builder().seed(seed)
            .server(LinkSpecs.nic(b)).server(IpServer.spec(b))
            .server(WorkloadSpecs.udpEchoServer(b, 7)).server(AppSpecs.echo(b, 80));
        TransportStack.specs(b, PfRules.allowAll()).forEach(builder::server);
        final byte[][] seeds = seeds(b);
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        try (NewtRuntime rt = builder.build()) {
            final NewtClient wire = rt.client(LINK);
            rt.start();
            rt.runFor(Duration.ofMillis(10));
            final SplittableRandom r = new SplittableRandom(seed);
            final long start = System.nanoTime();
            long sent = 0;
            long replies = 0;
            long nextReport = Math.max(1, frames / 10);
            while (sent < frames) {
                final long batchEnd = Math.min(frames, sent + BATCH);
                while (sent < batchEnd) {
                    if (wire.send("b.nic", new Frame(FrameMutator.mutate(r, seeds)))) {
                        sent++;
                    } else {
                        break;
                    }
                }
                rt.runFor(Duration.ofMillis(1));
                replies += drain(wire);
                if (sent >= nextReport) {
                    progress.printf("  %,d frames sent, %.0f s%n", sent, (System.nanoTime() - start) / 1e9);
                    nextReport += Math.max(1, frames / 10);
                }
            }
            rt.runFor(Duration.ofMillis(200));
            replies += drain(wire);
            final double seconds = (System.nanoTime() - start) / 1e9;
            final NewtClient c = rt.client("fuzz.stats");
            final Map<String, Long> drops = new TreeMap<>();
            final Stats nic = stats(rt, c, "b.nic");
            final Stats ip = stats(rt, c, "b.ip");
            final long nicDelivered = nic.get("rx.frames");
            final long nicDrops = collect(nic, "rx.drop.", "nic.", drops);
            collect(ip, "drop.", "ip.", drops);
            for (String layer : List.of("pf", "udp", "tcp")) {
                collect(stats(rt, c, "b." + layer), "drop.", layer + ".", drops);
            }
            final List<String> broken = new ArrayList<>();
            if (nicDelivered + nicDrops != sent) {
                broken.add(String.format("%d frames sent, but the nic delivered %d and dropped %d (%d unaccounted)",
                    sent, nicDelivered, nicDrops, sent - nicDelivered - nicDrops));
            }
            if (ip.get("frames.in") != nicDelivered) {
                broken.add("the nic delivered " + nicDelivered + " frames, ip received " + ip.get("frames.in"));
            }
            for (Class<? extends Event> type : FAILURES) {
                final List<? extends Event> events = rt.events().ofType(type);
                if (!events.isEmpty()) {
                    broken.add(events.size() + " " + type.getSimpleName() + " event(s), the first: " + events.get(0));
                }
            }
            for (ServerStatus s : rt.statuses()) {
                if (s.restarts() != 0) {
                    broken.add(s.name() + " restarted " + s.restarts() + " time(s)");
                }
            }
            if (!answersPing(rt, wire, b, seeds[2])) {
                broken.add("b no longer answers a ping after the fuzzing");
            }
            final Result result = new Result(sent, seconds, peakHeapMb(), nicDelivered, drops, replies);
            print(result, progress);
            if (!broken.isEmpty()) {
                throw new IllegalStateException("fuzz soak failed (seed " + seed + "): " + String.join("; ", broken));
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("fuzz soak: a server did not answer its stats query: " + e, e);
        }
    }

    private static void print(final Result r, final PrintStream progress) {
        progress.printf("  %,d frames in %.1f s: %,.0f frames/s; nic delivered %,d to ip; %,d frames back on the link;"
            + " peak heap %.0f MB%n", r.frames(), r.seconds(), r.framesPerSecond(), r.nicDelivered(), r.replies(),
            r.peakHeapMb());
        progress.println("  drops by layer and reason:");
        r.drops().forEach((k, v) -> {
            if (v != 0) {
                progress.printf("    %-34s %,12d%n", k, v);
            }
        });
    }

    /** Copies a server's nonzero counters under a prefix into the drop table; @return their sum */
    private static long collect(final Stats s, final String prefix, final String layer, final Map<String, Long> into) {
        long sum = 0;
        for (Map.Entry<String, Long> e : s.counters().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                sum += e.getValue();
                into.merge(layer + e.getKey().substring(prefix.length()), e.getValue(), Long::sum);
            }
        }
        return sum;
    }

    private static long drain(final NewtClient wire) {
        long n = 0;
        while (wire.poll() != null) {
            n++; // whatever the host answered to the mutants (ARP replies, ICMP errors, RSTs) is not checked
        }
        return n;
    }

    private static Stats stats(final NewtRuntime rt, final NewtClient c, final String server)
        throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        final CompletableFuture<Envelope> f = c.request(server, new StatsQuery());
        rt.runUntil(f::isDone, Duration.ofSeconds(1));
        return (Stats) f.get(10, TimeUnit.SECONDS).payload();
    }

    private static double peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> Math.max(0, p.getPeakUsage().getUsed())).sum() / 1e6;
    }

    /** A clean ARP request (so that b learns the peer), then a ping: @return whether b answered */
    private static boolean answersPing(final NewtRuntime rt, final NewtClient wire, final HostConfig b,
                                       final byte[] arp) {
        wire.send("b.nic", new Frame(arp));
        wire.send("b.nic", new Frame(ipFrame(b, IpProtocol.ICMP, IcmpEcho.request(77, 5, "still up".getBytes())
            .encode())));
        rt.runFor(Duration.ofMillis(5));
        boolean answered = false;
        Envelope e;
        while ((e = wire.poll()) != null) {
            final var f = EthernetFrame.decode(((Frame) e.payload()).data());
            if (!f.isOk() || f.value().etherType() != EtherType.IPV4) {
                continue;
            }
            final var p = Ipv4Packet.decode(f.value().payload());
            if (p.isOk() && p.value().protocol() == IpProtocol.ICMP
                && IcmpMessage.decode(p.value().payload()).value() instanceof IcmpEcho reply
                && reply.reply() && reply.identifier() == 77 && reply.sequence() == 5) {
                answered = true;
            }
        }
        return answered;
    }

    private static byte[][] seeds(final HostConfig b) {
        return new byte[][] {
            ipFrame(b, IpProtocol.UDP, UdpDatagram.of(5000, 7, new byte[20]).encode(PEER, b.address())),
            ipFrame(b, IpProtocol.ICMP, IcmpEcho.request(9, 1, new byte[16]).encode()),
            EthernetFrame.of(MacAddress.BROADCAST, PEER_MAC, EtherType.ARP,
                ArpPacket.request(PEER_MAC, PEER, b.address()).encode()).encode(),
            ipFrame(b, IpProtocol.TCP, TcpSegment.of(40000, 80, 1000, 0, TcpSegment.SYN, 65535, new byte[0])
                .encode(PEER, b.address())),
            ipFrame(b, IpProtocol.TCP, TcpSegment.of(40000, 80, 1001, 1, TcpSegment.ACK | TcpSegment.PSH, 65535,
                new byte[32]).encode(PEER, b.address())),
        };
    }

    private static byte[] ipFrame(final HostConfig b, final int protocol, final byte[] payload) {
        return FrameMutator.ipv4Frame(b.mac(), PEER_MAC, PEER, b.address(), protocol, payload);
    }
}
