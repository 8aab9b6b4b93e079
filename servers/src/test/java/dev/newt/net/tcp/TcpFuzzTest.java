package dev.newt.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.TcpSegment;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: thousands of seeded random segments, most aimed close to the sequence numbers of
 * a live connection and a listener, some garbage, against a tcp with calls waiting. The property:
 * tcp never crashes and never fails its audit, and it still answers afterwards.
 */
class TcpFuzzTest {

    @Test
    void fiveThousandRandomSegmentsNeitherCrashNorCorruptTcp() {
        try (TcpHarness h = new TcpHarness(TcpConfig.DEFAULTS.withReceiveBuffer(8192).withSendBuffer(4096))) {
            final TcpHarness.Open o = h.open(9000);
            final StreamListening l = (StreamListening) h.ask(new StreamListen(80, 3));
            h.call(new StreamAccept(l.listenerId()));
            h.call(new StreamReceive(o.id(), 100));
            h.call(new StreamSend(o.id(), new byte[10_000]));
            final int ours = o.syn().seq() + 1;
            final SplittableRandom rng = new SplittableRandom(0x7c9L);
            for (int i = 0; i < 5000; i++) {
                if (rng.nextInt(10) == 0) {
                    final byte[] junk = new byte[rng.nextInt(60)];
                    rng.nextBytes(junk);
                    final byte[] packet = Ipv4Packet.of(TcpHarness.B, TcpHarness.A, IpProtocol.TCP, 1, 64,
                        ByteBuffer.wrap(junk)).encode();
                    h.pf.send(TcpHarness.TCP, new IpInbound(TcpHarness.B, TcpHarness.A, IpProtocol.TCP, packet,
                        rng.nextInt(3) == 0 ? rng.nextInt(-5, 80) : 20));
                } else {
                    final int dport = rng.nextInt(3) == 0 ? 80 : rng.nextInt(4) == 0 ? rng.nextInt(65536)
                        : o.peer().localPort;
                    final int sport = rng.nextInt(3) == 0 ? 80 : rng.nextInt(65536);
                    final int seq = near(rng, o.peer().sndNxt);
                    final int ack = near(rng, ours);
                    final TcpSegment.Options opts = rng.nextInt(4) == 0
                        ? new TcpSegment.Options(rng.nextInt(-1, 65536), rng.nextInt(-1, 256), rng.nextBoolean())
                        : TcpSegment.Options.NONE;
                    final byte[] data = new byte[rng.nextInt(4) == 0 ? rng.nextInt(3000) : 0];
                    h.deliver(new TcpSegment(sport, dport, seq, ack, rng.nextInt(256), rng.nextInt(65536), 0, opts,
                        ByteBuffer.wrap(data)));
                }
                if (i % 500 == 0) {
                    h.runMs(rng.nextInt(2000));
                    h.sent();
                }
            }
            h.runMs(5000);
            h.sent();
            final Stats st = h.stats();
            assertThat(st.get("segments.in")).isGreaterThan(3000);
            assertThat(st.get("drop.TRUNCATED") + st.get("drop.BAD_HEADER_LENGTH") + st.get("drop.BAD_CHECKSUM"))
                .isPositive();
            assertThat(st.get("challenge-acks")).isPositive();
            assertThat(st.get("connections.passive-opens")).isPositive();
            assertThat(st.get("connections.reset")).isPositive();
            assertThat(st.get("rst.out")).isPositive();
            assertThat(st.get("rejected.out-of-window")).isPositive();
            // TcpHarness.close asserts that no audit failed and nothing crashed
        }
    }

    private static int near(final SplittableRandom rng, final int base) {
        switch (rng.nextInt(4)) {
            case 0:
                return base;
            case 1:
                return base + rng.nextInt(-3000, 3000);
            case 2:
                return base + rng.nextInt(-100_000, 100_000);
            default:
                return rng.nextInt();
        }
    }
}
