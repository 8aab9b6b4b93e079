package dev.newt.net.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.net.host.HostConfig;
import dev.newt.net.ring.RingRegistry;
import dev.newt.net.sock.LoopbackTcp;
import dev.newt.net.sock.SockServer;
import dev.newt.net.wire.Ipv4Address;
import java.io.DataInputStream;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link NewtSocket} of both kinds on the threaded executor, against the real sock of host
 * {@code a} and the in-memory {@link LoopbackTcp}: the same bulk and rpc exchanges give the same
 * bytes, and exposed rings need far fewer messages.
 */
class RingSocketTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    static final Ipv4Address A = HOST.address();
    static final Duration WAIT = Duration.ofSeconds(10);

    private NewtRuntime rt;
    private ExecutorService threads;

    @BeforeEach
    void start() {
        rt = NewtRuntime.builder().threaded("park").server(SockServer.spec(HOST))
            .server(LoopbackTcp.spec(HOST, RecoveryPolicy.CHECKPOINT)).build();
        rt.start();
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).as("no test thread left").isTrue();
        rt.close();
    }

    static byte[] pattern(final int n, final int seed) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8) + seed);
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(SocketKind.class)
    void bulkArrivesWholeAndInOrder(final SocketKind kind) throws Exception {
        final byte[] data = pattern(3_000_000, 7);
        try (NewtServerSocket server = NewtServerSocket.listen(rt, "a", 80)) {
            server.setSocketKind(kind);
            final Future<byte[]> got = threads.submit(() -> {
                try (NewtSocket s = server.accept(WAIT)) {
                    assertThat(s.kind()).isEqualTo(kind);
                    s.setSoTimeout(WAIT);
                    return s.getInputStream().readAllBytes();
                }
            });
            try (NewtSocket c = NewtSocket.connect(rt, "a", A, 80, WAIT, kind)) {
                c.setWriteTimeout(WAIT);
                for (int at = 0; at < data.length; at += 4096) {
                    c.getOutputStream().write(data, at, Math.min(4096, data.length - at));
                }
                c.shutdownOutput();
                assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo(data);
                if (kind == SocketKind.RING) {
                    assertThat(c.messages()).as("messages of %d operations", c.operations())
                        .isLessThan(c.operations() / 4);
                } else {
                    assertThat(c.messages()).isEqualTo(2 * c.operations());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SocketKind.class)
    void rpcRequestsGetTheirAnswers(final SocketKind kind) throws Exception {
        try (NewtServerSocket server = NewtServerSocket.listen(rt, "a", 80)) {
            server.setSocketKind(kind);
            final Future<Integer> served = threads.submit(() -> {
                try (NewtSocket s = server.accept(WAIT)) {
                    s.setSoTimeout(WAIT);
                    final DataInputStream in = new DataInputStream(s.getInputStream());
                    final byte[] req = new byte[64];
                    int n = 0;
                    while (true) {
                        try {
                            in.readFully(req);
                        } catch (java.io.EOFException e) {
                            return n;
                        }
                        for (int i = 0; i < req.length; i++) {
                            req[i] = (byte) (req[i] + 1);
                        }
                        s.getOutputStream().write(req);
                        n++;
                    }
                }
            });
            try (NewtSocket c = NewtSocket.connect(rt, "a", A, 80, WAIT, kind)) {
                c.setSoTimeout(WAIT);
                final DataInputStream in = new DataInputStream(c.getInputStream());
                for (int r = 0; r < 200; r++) {
                    final byte[] req = pattern(64, r);
                    c.getOutputStream().write(req);
                    final byte[] answer = new byte[64];
                    in.readFully(answer);
                    for (int i = 0; i < 64; i++) {
                        assertThat(answer[i]).isEqualTo((byte) (req[i] + 1));
                    }
                }
                c.shutdownOutput();
                assertThat(served.get(30, TimeUnit.SECONDS)).isEqualTo(200);
                assertThat(c.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SocketKind.class)
    void closeEndsAReadBlockedOnAnotherThread(final SocketKind kind) throws Exception {
        final int before = RingRegistry.of(rt).openCount();
        try (NewtServerSocket server = NewtServerSocket.listen(rt, "a", 80)) {
            server.setSocketKind(kind);
            final Future<NewtSocket> accepted = threads.submit(() -> server.accept(WAIT));
            final NewtSocket c = NewtSocket.connect(rt, "a", A, 80, WAIT, kind);
            final Future<Integer> read = threads.submit(() -> c.getInputStream().read());
            // Blocked or not yet reading: either way the read ends with "Socket closed", never hangs.
            c.close();
            assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SocketException.class);
            accepted.get(10, TimeUnit.SECONDS).close();
        }
        assertThat(RingRegistry.of(rt).openCount()).as("closing removes the rings").isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void ringsOfSocketsNeverClosedAreTheirRuntimesAndAreReleasedWhenItCloses() throws Exception {
        final NewtRuntime other = NewtRuntime.builder().threaded("park").server(SockServer.spec(HOST))
            .server(LoopbackTcp.spec(HOST, RecoveryPolicy.CHECKPOINT)).build();
        try (other) {
            other.start();
            final NewtServerSocket server = NewtServerSocket.listen(other, "a", 80);
            server.setSocketKind(SocketKind.RING);
            final Future<NewtSocket> accepted = threads.submit(() -> server.accept(WAIT));
            final NewtSocket c = NewtSocket.connect(other, "a", A, 80, WAIT, SocketKind.RING);
            final NewtSocket s = accepted.get(10, TimeUnit.SECONDS);
            c.getOutputStream().write(new byte[] {1, 2, 3});
            assertThat(s.getInputStream().readNBytes(3)).containsExactly(1, 2, 3);
            final RingRegistry registry = RingRegistry.of(other);
            assertThat(registry.openCount()).as("both ends' rings, in their runtime").isEqualTo(2);
            assertThat(RingRegistry.of(rt).openCount()).as("another runtime's table is its own").isZero();
            // Neither socket is ever closed: the runtime's close releases their rings and fails them.
            other.close();
            assertThat(registry.openCount()).isZero();
            c.setSoTimeout(WAIT);
            assertThatThrownBy(() -> c.getInputStream().read()).isInstanceOf(java.io.IOException.class);
        }
    }
}
