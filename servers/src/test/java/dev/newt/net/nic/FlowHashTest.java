package dev.newt.net.nic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.PacketBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The nic's flow hash: even over replicas, stable across runs, symmetric, and read from frames. */
class FlowHashTest {
    private static final int TUPLES = 10_000;

    /** Chi-square's critical values at p = 0.001 for 1..7 degrees of freedom. */
    private static final double[] CRITICAL = {10.83, 13.82, 16.27, 18.47, 20.52, 22.46, 24.32};

    @ParameterizedTest(name = "{0} replicas")
    @ValueSource(ints = {2, 3, 4, 5, 8})
    void tenThousandSeededTuplesSpreadEvenlyByChiSquare(final int replicas) {
        final SplittableRandom random = new SplittableRandom(22);
        final long[] counts = new long[replicas];
        for (int i = 0; i < TUPLES; i++) {
            counts[FlowHash.replica(random.nextInt(), random.nextInt(1 << 16), random.nextInt(),
                random.nextInt(1 << 16), replicas)]++;
        }
        final double expected = (double) TUPLES / replicas;
        double chi = 0;
        for (long c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        final double critical = replicas - 1 <= CRITICAL.length ? CRITICAL[replicas - 2] : Double.NaN;
        assertThat(chi).as("chi-square of %s", java.util.Arrays.toString(counts)).isLessThan(critical);
    }

    @Test
    void theClientPortsOfOneServerSpreadEvenlyToo() {
        // The tuples a busy host sees most: one peer, one service port, consecutive ephemeral ports.
        final int replicas = 4;
        final long[] counts = new long[replicas];
        for (int port = 49152; port < 49152 + TUPLES; port++) {
            counts[FlowHash.replica(0x0A00_0001, port, 0x0A00_0002, 80, replicas)]++;
        }
        double chi = 0;
        for (long c : counts) {
            chi += (c - TUPLES / 4.0) * (c - TUPLES / 4.0) / (TUPLES / 4.0);
        }
        assertThat(chi).isLessThan(CRITICAL[2]);
    }

    @Test
    void placementIsStableAndSymmetric() {
        // Fixed values: a change of the function moves every connection of a running system.
        assertThat(FlowHash.hash(0x0A00_0001, 49152, 0x0A00_0002, 80)).isEqualTo(STABLE);
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            final int a = random.nextInt();
            final int pa = random.nextInt(1 << 16);
            final int b = random.nextInt();
            final int pb = random.nextInt(1 << 16);
            assertThat(FlowHash.replica(a, pa, b, pb, 4)).isEqualTo(FlowHash.replica(b, pb, a, pa, 4))
                .isEqualTo(FlowHash.replica(a, pa, b, pb, 4));
        }
        assertThat(FlowHash.replica(1, 2, 3, 4, 1)).isZero();
    }

    private static final long STABLE = -3_861_663_312_154_001_351L;

    @Test
    void aFrameGoesToTheReplicaOfItsTupleAndOnlyTcpIsSpread() {
        for (int port = 1000; port < 1100; port++) {
            assertThat(FlowHash.replicaOf(frame(EtherType.IPV4, IpProtocol.TCP, 0, port), 4))
                .isEqualTo(FlowHash.replica(0x0A00_0002, port, 0x0A00_0001, 80, 4));
        }
        assertThat(FlowHash.replicaOf(frame(EtherType.IPV4, IpProtocol.UDP, 0, 1000), 4)).isEqualTo(-1);
        assertThat(FlowHash.replicaOf(frame(EtherType.ARP, IpProtocol.TCP, 0, 1000), 4)).isEqualTo(-1);
        assertThat(FlowHash.replicaOf(frame(EtherType.IPV4, IpProtocol.TCP, 0x2000, 1000), 4))
            .as("a fragment has no ports to hash").isEqualTo(-1);
        assertThat(FlowHash.replicaOf(PacketBuffer.wrap(new byte[20]), 4)).isEqualTo(-1);
    }

    /** An Ethernet frame from 10.0.0.2:{@code port} to 10.0.0.1:80 with the given types and flags. */
    private static PacketBuffer frame(final int etherType, final int protocol, final int fragment, final int port) {
        final byte[] f = new byte[14 + 20 + 20];
        f[12] = (byte) (etherType >>> 8);
        f[13] = (byte) etherType;
        f[14] = 0x45;
        f[20] = (byte) (fragment >>> 8);
        f[21] = (byte) fragment;
        f[23] = (byte) protocol;
        final byte[] src = {10, 0, 0, 2};
        final byte[] dst = {10, 0, 0, 1};
        System.arraycopy(src, 0, f, 26, 4);
        System.arraycopy(dst, 0, f, 30, 4);
        f[34] = (byte) (port >>> 8);
        f[35] = (byte) port;
        f[36] = 0;
        f[37] = 80;
        return PacketBuffer.wrap(f);
    }
}
