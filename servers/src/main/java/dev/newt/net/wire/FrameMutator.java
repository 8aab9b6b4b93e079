package dev.newt.net.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded malformed frames for fuzzing a host's stack (the stack fuzz test and {@code newt bench
 * --suite fuzz}): random junk, truncated seeds, or seeds with a few bits flipped past the
 * destination MAC, so that most mutants get as far as ip.
 */
public final class FrameMutator {
    private FrameMutator() {
    }

    /**
     * @param r     the seeded source
     * @param seeds well-formed frames to start from
     * @return one mutant: junk, a truncated seed, or a seed with 1 to 4 bits flipped
     */
    public static byte[] mutate(final SplittableRandom r, final byte[][] seeds) {
        final int kind = r.nextInt(4);
        if (kind == 0) {
            final byte[] junk = new byte[r.nextInt(120)];
            r.nextBytes(junk);
            return junk;
        }
        final byte[] f = seeds[r.nextInt(seeds.length)].clone();
        if (kind == 1) {
            return Arrays.copyOf(f, r.nextInt(f.length));
        }
        final int flips = 1 + r.nextInt(4);
        for (int i = 0; i < flips; i++) {
            final int bit = 6 * 8 + r.nextInt((f.length - 6) * 8);
            f[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return f;
    }

    /**
     * @return a well-formed Ethernet frame carrying an IPv4 packet (TTL 64, id 1) with {@code payload}
     */
    public static byte[] ipv4Frame(final MacAddress to, final MacAddress from, final Ipv4Address source,
                                   final Ipv4Address destination, final int protocol, final byte[] payload) {
        return EthernetFrame.of(to, from, EtherType.IPV4,
            Ipv4Packet.of(source, destination, protocol, 1, 64, ByteBuffer.wrap(payload)).encode()).encode();
    }
}
