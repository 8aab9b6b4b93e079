package dev.newt.net.link;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.testing.Await;
import dev.newt.net.msg.Frame;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.MacAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Frames and runtime helpers shared by the link and nic tests. */
public final class TestFrames {
    /** Hardware address of host a's interface. */
    public static final MacAddress MAC_A = MacAddress.parse("02:00:0a:00:00:01");
    /** Hardware address of host b's interface. */
    public static final MacAddress MAC_B = MacAddress.parse("02:00:0a:00:00:02");

    private TestFrames() {
    }

    /**
     * A numbered IPv4 frame of exactly {@code length} bytes whose sequence number can be read
     * back even after one bit of it was flipped: the number is at both ends of the payload, and
     * the rest is a pattern derived from it.
     *
     * @param from   source MAC
     * @param to     destination MAC
     * @param seq    sequence number
     * @param length frame length, at least 14 + 8
     * @return the frame bytes
     */
    public static byte[] numbered(final MacAddress from, final MacAddress to, final int seq, final int length) {
        final byte[] payload = new byte[length - EthernetFrame.HEADER_LENGTH];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (seq * 31 + i * 7);
        }
        ByteBuffer.wrap(payload).putInt(0, seq).putInt(payload.length - 4, seq);
        final byte[] frame = EthernetFrame.of(to, from, EtherType.IPV4, payload).encode();
        if (frame.length != length) {
            throw new IllegalArgumentException("frame of " + length + " bytes would be padded to " + frame.length);
        }
        return frame;
    }

    /** @param frame a frame from {@link #numbered} @return the sequence number at the payload's start */
    public static int headSeq(final byte[] frame) {
        return ByteBuffer.wrap(frame).getInt(EthernetFrame.HEADER_LENGTH);
    }

    /** @param frame a frame from {@link #numbered} @return the sequence number at the payload's end */
    public static int tailSeq(final byte[] frame) {
        return ByteBuffer.wrap(frame).getInt(frame.length - 4);
    }

    /** @param a bytes @param b as many bytes @return how many bits differ */
    public static int bitsDiffering(final byte[] a, final byte[] b) {
        if (a.length != b.length) {
            return Integer.MAX_VALUE;
        }
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += Integer.bitCount((a[i] ^ b[i]) & 0xFF);
        }
        return n;
    }

    /**
     * Runs until the client has a message.
     *
     * @param rt     the runtime
     * @param client who waits
     * @param limit  most virtual time
     * @return the message
     * @throws AssertionError if none came
     */
    public static Envelope awaitOne(final NewtRuntime rt, final NewtClient client, final Duration limit) {
        final Envelope[] got = new Envelope[1];
        if (!rt.runUntil(() -> (got[0] = client.poll()) != null, limit)) {
            throw new AssertionError(client.name() + " received nothing within " + limit);
        }
        return got[0];
    }

    /** @param client a client @return every message waiting for it, in order */
    public static List<Envelope> drain(final NewtClient client) {
        final List<Envelope> all = new ArrayList<>();
        for (Envelope e = client.poll(); e != null; e = client.poll()) {
            all.add(e);
        }
        return all;
    }

    /** @param e an envelope carrying a {@link Frame} @return its bytes */
    public static byte[] bytes(final Envelope e) {
        return e.payload(Frame.class).data();
    }

    /**
     * Asks a server for its counters.
     *
     * @param rt     the runtime
     * @param client who asks
     * @param server whom
     * @return the stats
     */
    public static Stats stats(final NewtRuntime rt, final NewtClient client, final String server) {
        final CompletableFuture<Envelope> reply = client.request(server, new StatsQuery());
        if (!rt.runUntil(reply::isDone, Duration.ofSeconds(1))) {
            throw new AssertionError(server + " did not answer StatsQuery");
        }
        final Stats stats = Await.result(reply).payload(Stats.class);
        if (!stats.server().equals(server)) {
            throw new AssertionError("stats of " + stats.server() + ", asked " + server);
        }
        return stats;
    }

    /**
     * Checks that a wire direction accounts for every frame it was given: each is oversize, lost,
     * or one delivery (two with a duplicate), and each delivery is in flight, made, refused by a
     * full receiver or lost in a restart.
     *
     * @param s      the wire's stats
     * @param prefix {@code "ab."}, {@code "ba."} or {@code ""} for the totals
     */
    public static void assertConserved(final Stats s, final String prefix) {
        final long given = s.get(prefix + "frames.in") + s.get(prefix + "duplicated");
        final long accounted = s.get(prefix + "drop.oversize") + s.get(prefix + "lost") + s.get(prefix + "in_flight")
            + s.get(prefix + "frames.out") + s.get(prefix + "drop.undeliverable") + s.get(prefix + "lost.restart");
        if (given != accounted) {
            throw new AssertionError(prefix + " frames given (+ duplicates) " + given + " != accounted " + accounted
                + " in " + s);
        }
    }
}
