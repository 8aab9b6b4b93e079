package dev.newt.net.sock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.testing.Await;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.RingAttach;
import dev.newt.net.msg.RingAttached;
import dev.newt.net.msg.RingFinish;
import dev.newt.net.msg.RingKick;
import dev.newt.net.msg.RingReady;
import dev.newt.net.msg.RingWait;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamClosed;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.ring.ByteRing;
import dev.newt.net.ring.RingRegistry;
import dev.newt.net.ring.SocketRings;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sock's exposed rings on the simulated executor, with the in-memory {@link LoopbackTcp}: two
 * applications of host {@code a} driven step by step by the test following the ring protocol (a
 * kick when it claimed sock's idle mark, a {@link RingWait} and nothing else when it must block),
 * so that a lost wake-up would show as a transfer that never ends.
 */
class SockRingStreamsTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");

    private NewtRuntime rt;
    private NewtClient writerApp;
    private NewtClient readerApp;
    private SocketRings out;
    private SocketRings in;
    private int writerConn;
    private int readerConn;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
        if (out != null) {
            out.close();
            in.close();
        }
    }

    private void start(final long seed, final RecoveryPolicy tcpPolicy, final int capacity) {
        rt = NewtRuntime.builder().seed(seed).server(Crashable.wrap(SockServer.spec(HOST)))
            .server(Crashable.wrap(LoopbackTcp.spec(HOST, tcpPolicy))).build();
        rt.start();
        writerApp = rt.client("writer");
        readerApp = rt.client("reader");
        final StreamListening l = (StreamListening) answer(readerApp, new StreamListen(80, 1));
        final CompletableFuture<Envelope> accept = readerApp.request("a.sock", new StreamAccept(l.listenerId()));
        writerConn = ((StreamConnected) answer(writerApp, new StreamConnect(HOST.address(), 80, 0))).connectionId();
        assertThat(rt.runUntil(accept::isDone, Duration.ofSeconds(1))).isTrue();
        readerConn = ((StreamAccepted) Await.result(accept).payload()).connectionId();
        out = RingRegistry.of(rt).open(capacity);
        in = RingRegistry.of(rt).open(capacity);
        assertThat(answer(writerApp, new RingAttach(writerConn, out.id()))).isEqualTo(new RingAttached(writerConn));
        assertThat(answer(readerApp, new RingAttach(readerConn, in.id()))).isEqualTo(new RingAttached(readerConn));
    }

    private Object answer(final NewtClient c, final Object request) {
        final CompletableFuture<Envelope> f = c.request("a.sock", request);
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).as("answer to " + request).isTrue();
        return Await.result(f).payload();
    }

    private Stats stats() {
        return (Stats) answer(rt.client("test"), new StatsQuery());
    }

    private static byte at(final long position) {
        return (byte) (position * 13 + (position >>> 7));
    }

    /** The two applications, each a state machine the test steps. */
    private final class Apps {
        final long total;
        final SplittableRandom rnd;
        long written;
        long read;
        long wrong;
        long messages;
        long operations;
        /** Most reads (and writes) an application makes in one step: the higher, the more it saturates sock. */
        int burst = 1;
        CompletableFuture<Envelope> writerBlocked;
        CompletableFuture<Envelope> readerBlocked;
        CompletableFuture<Envelope> finished;
        boolean eof;

        Apps(final long total, final long seed) {
            this.total = total;
            this.rnd = new SplittableRandom(seed);
        }

        void stepWriter() {
            for (int i = 1 + rnd.nextInt(burst); i > 0 && writeOnce(); i--) {
                operations++;
            }
        }

        void stepReader() {
            for (int i = 1 + rnd.nextInt(burst); i > 0 && readOnce(); i--) {
                operations++;
            }
        }

        /** @return whether it wrote (did not block or finish) */
        boolean writeOnce() {
            if (writerBlocked != null && !writerBlocked.isDone()) {
                return false;
            }
            writerBlocked = null;
            final ByteRing ring = out.send();
            if (written == total) {
                if (finished == null) {
                    finished = writerApp.request("a.sock", new RingFinish(writerConn, written, false));
                    messages += 2;
                }
                return false;
            }
            final byte[] chunk = new byte[(int) Math.min(total - written, 1 + rnd.nextInt(300))];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = at(written + i);
            }
            final int n = ring.write(chunk, 0, chunk.length);
            written += n;
            if (n > 0 && ring.claimIdle()) {
                writerApp.send("a.sock", new RingKick(writerConn));
                messages++;
            }
            if (n < chunk.length) {
                writerBlocked = writerApp.request("a.sock", new RingWait(writerConn, true));
                messages += 2;
                return false;
            }
            return true;
        }

        /** @return whether it read (did not block or end) */
        boolean readOnce() {
            if (readerBlocked != null && !readerBlocked.isDone()) {
                return false;
            }
            if (readerBlocked != null) {
                assertThat(Await.result(readerBlocked).payload()).isEqualTo(new RingReady(readerConn));
                assertThat(in.receive().readable() > 0 || in.eof() || in.error() != null)
                    .as("woken with bytes, the end or an error there").isTrue();
            }
            if (in.error() != null) {
                return false;
            }
            readerBlocked = null;
            final ByteRing ring = in.receive();
            final byte[] buf = new byte[1 + rnd.nextInt(400)];
            final int n = ring.read(buf, 0, buf.length);
            for (int i = 0; i < n; i++) {
                wrong += buf[i] == at(read + i) ? 0 : 1;
            }
            read += n;
            if (n > 0 && ring.claimIdle()) {
                readerApp.send("a.sock", new RingKick(readerConn));
                messages++;
            }
            if (n == 0) {
                if (in.eof() && ring.readable() == 0) {
                    eof = true;
                } else {
                    readerBlocked = readerApp.request("a.sock", new RingWait(readerConn, false));
                    messages += 2;
                }
                return false;
            }
            return true;
        }

        /** Steps both in a random order with random pauses until the reader saw the end, or gives up. */
        boolean run(final Duration limit, final Runnable midway) {
            boolean midwayDone = false;
            final long end = rt.now() + limit.toNanos();
            while (!eof && in.error() == null && rt.now() < end) {
                if (rnd.nextBoolean()) {
                    stepWriter();
                    stepReader();
                } else {
                    stepReader();
                    stepWriter();
                }
                if (!midwayDone && read > total / 3) {
                    midwayDone = true;
                    midway.run();
                }
                rt.runFor(Duration.ofNanos(1 + rnd.nextInt(50_000)));
            }
            return eof;
        }
    }

    @Test
    void aBlockedReaderIsWokenWhenBytesArriveAndNotBefore() {
        start(5, RecoveryPolicy.CHECKPOINT, 64);
        final CompletableFuture<Envelope> blocked = readerApp.request("a.sock", new RingWait(readerConn, false));
        rt.runFor(Duration.ofMillis(20));
        assertThat(blocked).as("no bytes, no wake-up").isNotDone();
        assertThat(out.send().write(new byte[] {1, 2, 3}, 0, 3)).isEqualTo(3);
        assertThat(out.send().claimIdle()).as("sock said it waits on the empty send ring").isTrue();
        writerApp.send("a.sock", new RingKick(writerConn));
        assertThat(rt.runUntil(blocked::isDone, Duration.ofSeconds(1))).isTrue();
        assertThat(Await.result(blocked).payload()).isEqualTo(new RingReady(readerConn));
        assertThat(in.receive().readable()).as("the bytes are there when the reader wakes").isEqualTo(3);
        assertThat(stats().get("ring.wakes")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void noWakeUpIsLostUnderARandomSchedule(final long seed) {
        // A 64-byte ring and chunks up to 300 and 400 bytes: the rings go full and empty all the time.
        start(seed, RecoveryPolicy.CHECKPOINT, 64);
        final Apps apps = new Apps(20_000, seed);
        assertThat(apps.run(Duration.ofSeconds(30), () -> { })).as("the reader reached the end").isTrue();
        assertThat(apps.read).isEqualTo(20_000);
        assertThat(apps.wrong).isZero();
        assertThat(Await.result(apps.finished).payload()).isEqualTo(new StreamClosed(writerConn));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CHECKPOINT", "CHECKPOINT_REPLAY", "FRESH"})
    void aTcpCrashMidTransferLosesNoByteUnlessTcpStartsFresh(final String policy) {
        start(9, RecoveryPolicy.valueOf(policy), 1024);
        final Apps apps = new Apps(200_000, 9);
        final boolean ended = apps.run(Duration.ofSeconds(30), () -> rt.client("fault").send("a.tcp", Crashable.CRASH));
        assertThat(rt.events().ofType(ServerRestarted.class)).extracting(ServerRestarted::server).contains("a.tcp");
        assertThat(apps.wrong).as("what arrived is in order").isZero();
        if (policy.equals("FRESH")) {
            assertThat(in.error() != null || out.error() != null).as("the applications are told").isTrue();
            assertThat(ended).isFalse();
            // sock let go of the connection tcp forgot, and released its rings from the runtime's
            // registry though the applications never closed them.
            final boolean released = rt.runUntil(() -> RingRegistry.of(rt).openCount() == 0, Duration.ofSeconds(5));
            assertThat(released).as("rings released: " + RingRegistry.of(rt).openCount() + " left").isTrue();
        } else {
            assertThat(ended).isTrue();
            assertThat(apps.read).isEqualTo(200_000);
        }
    }

    @Test
    void aSockCrashMidTransferLosesNoByteTheRingsOutliveIt() {
        start(13, RecoveryPolicy.CHECKPOINT, 1024);
        final Apps apps = new Apps(200_000, 13);
        assertThat(apps.run(Duration.ofSeconds(30), () -> rt.client("fault").send("a.sock", Crashable.CRASH)))
            .isTrue();
        assertThat(rt.events().ofType(ServerRestarted.class)).extracting(ServerRestarted::server).contains("a.sock");
        assertThat(apps.read).isEqualTo(200_000);
        assertThat(apps.wrong).isZero();
    }

    @Test
    void applicationsThatSaturateSockNeedAMessageForAtMostOneOperationInAHundred() {
        start(3, RecoveryPolicy.CHECKPOINT, 64 * 1024);
        final Apps apps = new Apps(2_000_000, 3);
        apps.burst = 400;
        assertThat(apps.run(Duration.ofSeconds(60), () -> { })).isTrue();
        assertThat(apps.wrong).isZero();
        assertThat(apps.operations).isGreaterThan(10_000);
        assertThat(apps.messages * 100).as("messages of %d operations", apps.operations)
            .isLessThanOrEqualTo(apps.operations);
    }
}
