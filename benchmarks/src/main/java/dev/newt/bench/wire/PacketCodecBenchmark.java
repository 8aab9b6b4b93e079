package dev.newt.bench.wire;

import dev.newt.net.wire.Checksum;
import dev.newt.net.wire.Decoded;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.MacAddress;
import dev.newt.net.wire.TcpSegment;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The stack's per-packet work on a TCP segment of a given payload size: the Internet checksum of
 * the payload, encoding a segment into a frame (TCP with its pseudo-header checksum, IPv4, Ethernet)
 * and decoding and verifying that frame back layer by layer. Nanoseconds per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PacketCodecBenchmark {
    private static final Ipv4Address A = Ipv4Address.parse("10.0.0.1");
    private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");
    private static final MacAddress MAC_A = new MacAddress(0x0200_0A00_0001L);
    private static final MacAddress MAC_B = new MacAddress(0x0200_0A00_0002L);

    /** Payload bytes: an ACK, an Ethernet-MTU segment, a jumbo-frame segment. */
    @Param({"0", "1460", "8960"})
    public int payload;

    private byte[] data;
    private byte[] frame;

    @Setup
    public void setUp() {
        data = new byte[payload];
        new SplittableRandom(1).nextBytes(data);
        frame = encode();
    }

    /** @return the checksum of the payload alone */
    @Benchmark
    public int checksum() {
        return Checksum.compute(data, 0, data.length);
    }

    /** @return a frame carrying a segment of the payload */
    @Benchmark
    public byte[] encode() {
        final byte[] segment = TcpSegment.of(49152, 80, 1000, 2000, TcpSegment.ACK, 65535, data).encode(A, B);
        final byte[] packet = Ipv4Packet.of(A, B, IpProtocol.TCP, 1, Ipv4Packet.DEFAULT_TTL, ByteBuffer.wrap(segment))
            .encode();
        return EthernetFrame.of(MAC_B, MAC_A, EtherType.IPV4, packet).encode();
    }

    /** @return the segment decoded from the frame, every checksum verified */
    @Benchmark
    public Object decode() {
        final Decoded<EthernetFrame> f = EthernetFrame.decode(frame);
        final Decoded<Ipv4Packet> p = Ipv4Packet.decode(f.value().payload());
        return TcpSegment.decode(p.value().payload(), A, B).value();
    }
}
