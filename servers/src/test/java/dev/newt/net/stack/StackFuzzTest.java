package dev.newt.net.stack;

import static dev.newt.net.stack.StackRuns.stats;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.net.api.TransportStack;
import dev.newt.net.host.HostConfig;
import dev.newt.net.ip.IpServer;
import dev.newt.net.link.LinkSpecs;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
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
import dev.newt.net.wire.UdpDatagram;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded random and mutated frames go into a host's nic from its link (the test
 * stands in for the wire). The whole stack (nic, ip, pf, udp, sock) drops and counts them, never
 * crashes, and answers a ping afterwards.
 */
class StackFuzzTest {
    private static final String LINK = "fuzz.link";
    private static final MacAddress PEER_MAC = MacAddress.parse("02:00:0a:00:00:01");
    private static final Ipv4Address PEER = Ipv4Address.parse("10.0.0.1");

    private static byte[] ipFrame(final HostConfig b, final int protocol, final byte[] payload) {
        return FrameMutator.ipv4Frame(b.mac(), PEER_MAC, PEER, b.address(), protocol, payload);
    }

    @Test
    void garbageIsDroppedAndCountedAndTheHostStillAnswersPings() throws Exception {
        final HostConfig b = HostConfig.of("b", "10.0.0.2/24", LINK);
        final NewtRuntime.Builder builder = NewtRuntime.builder().seed(13)
            .server(LinkSpecs.nic(b)).server(IpServer.spec(b));
        TransportStack.specs(b, PfRules.allowAll()).forEach(builder::server);
        final byte[] echo = IcmpEcho.request(9, 1, new byte[16]).encode();
        final byte[][] seeds = {
            ipFrame(b, IpProtocol.UDP, UdpDatagram.of(5000, 7, new byte[20]).encode(PEER, b.address())),
            ipFrame(b, IpProtocol.ICMP, echo),
            EthernetFrame.of(MacAddress.BROADCAST, PEER_MAC, EtherType.ARP,
                ArpPacket.request(PEER_MAC, PEER, b.address()).encode()).encode(),
        };
        try (NewtRuntime rt = builder.build()) {
            final NewtClient wire = rt.client(LINK);
            rt.start();
            final SplittableRandom r = new SplittableRandom(0xF022);
            final int frames = 5000;
            int sent = 0;
            while (sent < frames) {
                if (wire.send("b.nic", new Frame(FrameMutator.mutate(r, seeds)))) {
                    sent++;
                } else {
                    rt.runFor(Duration.ofMillis(1));
                }
            }
            rt.runFor(Duration.ofMillis(100));
            while (wire.poll() != null) {
                // Whatever the host answered to the mutants (ARP replies, ICMP errors) is not under test.
            }
            final NewtClient c = rt.client("test");
            final Stats nic = stats(rt, c, "b.nic");
            final Stats ip = stats(rt, c, "b.ip");
            assertThat(rt.statuses()).allSatisfy(s -> assertThat(s.restarts()).as(s.name()).isZero());
            final long nicDrops = nic.counters().entrySet().stream()
                .filter(e -> e.getKey().startsWith("rx.drop.")).mapToLong(e -> e.getValue()).sum();
            assertThat(nic.get("rx.frames") + nicDrops).as("every frame is seen by the nic").isEqualTo(frames);
            assertThat(ip.get("frames.in")).isEqualTo(nic.get("rx.frames"));
            final long ipDrops = ip.counters().entrySet().stream()
                .filter(e -> e.getKey().startsWith("drop.")).mapToLong(e -> e.getValue()).sum();
            assertThat(ipDrops).as("ip dropped and counted many mutants").isGreaterThan(frames / 4);
            assertThat(ip.get("drop.BAD_CHECKSUM")).isPositive();
            assertThat(nicDrops).isPositive();

            // A clean ARP request (so b learns the peer), then a ping: b still answers.
            wire.send("b.nic", new Frame(seeds[2]));
            wire.send("b.nic", new Frame(ipFrame(b, IpProtocol.ICMP,
                IcmpEcho.request(77, 5, "still up".getBytes()).encode())));
            rt.runFor(Duration.ofMillis(5));
            boolean answered = false;
            Envelope e;
            while ((e = wire.poll()) != null) {
                final EthernetFrame f = EthernetFrame.decode(((Frame) e.payload()).data()).value();
                if (f.etherType() != EtherType.IPV4) {
                    continue;
                }
                final Ipv4Packet p = Ipv4Packet.decode(f.payload()).value();
                if (p.protocol() == IpProtocol.ICMP && IcmpMessage.decode(p.payload()).value() instanceof IcmpEcho reply
                    && reply.reply() && reply.identifier() == 77 && reply.sequence() == 5) {
                    answered = true;
                }
            }
            assertThat(answered).as("echo reply to the ping after the fuzzing").isTrue();
        }
    }
}
