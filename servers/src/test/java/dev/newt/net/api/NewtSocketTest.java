package dev.newt.net.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.testing.Await;
import dev.newt.net.host.HostConfig;
import dev.newt.net.sock.LoopbackTcp;
import dev.newt.net.sock.SockServer;
import dev.newt.net.wire.Ipv4Address;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream socket API on the threaded executor, against the real sock of host {@code a} and the
 * in-memory {@link LoopbackTcp} as its tcp: both ends of every connection are on host {@code a}.
 */
class NewtSocketTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    static final Ipv4Address A = HOST.address();
    static final Duration WAIT = Duration.ofSeconds(5);

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

    private <T> Future<T> background(final Callable<T> task) {
        return threads.submit(task);
    }

    private static byte[] pattern(final int n) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return b;
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void bytesWrittenOnOneEndAreReadOnTheOtherAndShutdownOutputGivesTheReaderItsEnd() throws Exception {
        final byte[] data = pattern(200_000);
        try (NewtServerSocket server = NewtServerSocket.listen(rt, "a", 80)) {
            final Future<byte[]> got = background(() -> {
                try (NewtSocket s = server.accept(WAIT)) {
                    s.setSoTimeout(WAIT);
                    final byte[] all = s.getInputStream().readAllBytes();
                    s.getOutputStream().write(ascii("got " + all.length));
                    return all;
                }
            });
            try (NewtSocket c = NewtSocket.connect(rt, "a", A, 80, WAIT)) {
                c.setSoTimeout(WAIT);
                c.setWriteTimeout(WAIT);
                assertThat(c.getPort()).isEqualTo(80);
                assertThat(c.getLocalPort()).isEqualTo(49152);
                // Larger than the loopback's 64 KiB buffer: the writer is held back until the reader reads.
                c.getOutputStream().write(data);
                c.shutdownOutput();
                assertThat(c.isOutputShutdown()).isTrue();
                assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo(data);
                assertThat(new String(c.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("got 200000");
                assertThatThrownBy(() -> c.getOutputStream().write(1)).isInstanceOf(SocketException.class)
                    .hasMessage("Socket output is shut down: write to connection 2 from a:49152 to 10.0.0.1:80");
            }
        }
    }

    @Test
    void connectToAPortNobodyListensOnIsRefused() {
        assertThatThrownBy(() -> NewtSocket.connect(rt, "a", A, 81, WAIT))
            .isInstanceOf(ConnectException.class)
            .hasMessage("Connection refused: connect from a to 10.0.0.1:81 "
                + "(REFUSED: 10.0.0.1:81 refused the connection)");
    }

    @Test
    void connectThatTcpNeverAnswersTimesOutLocally() {
        final long start = System.nanoTime();
        assertThatThrownBy(() -> NewtSocket.connect(rt, "a", A, LoopbackTcp.SILENT_PORT, Duration.ofMillis(200)))
            .isInstanceOf(SocketTimeoutException.class)
            .hasMessage("Connect timed out: connect from a to 10.0.0.1:9 within PT0.2S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void connectThatTcpGaveUpOnIsASocketTimeout() {
        assertThatThrownBy(() -> NewtSocket.connect(rt, "a", A, LoopbackTcp.TIMEOUT_PORT, WAIT))
            .isInstanceOf(SocketTimeoutException.class)
            .hasMessageStartingWith("Connection timed out: connect from a to 10.0.0.1:10 (TIMED_OUT:");
    }

    @Test
    void readThatTimesOutKeepsItsPlaceAndTheNextReadGetsTheBytes() throws Exception {
        try (NewtServerSocket server = NewtServerSocket.listen(rt, "a", 80);
             NewtSocket c = NewtSocket.connect(rt, "a", A, 80, WAIT);
             NewtSocket s = server.accept(WAIT)) {
            s.setSoTimeout(Duration.ofMillis(100));
            final InputStream in = s.getInputStream();
            assertThatThrownBy(() -> in.read()).isInstanceOf(SocketTimeoutException.class)
                .hasMessage("Read timed out: no bytes for connection 3 from a:80 to 10.0.0.1:49152 within PT0.1S");
            c.getOutputStream().write(ascii("late"));
            s.setSoTimeout(WAIT);
            final byte[] buf = new byte[16];
            assertThat(in.read(buf)).isEqualTo(4);
            assertThat(new String(buf, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("late");
        }
    }

    @Test
    void peerThatAbortsResetsTheConnection() throws Exception {
        try (NewtServerSocket server = NewtServerSocket.listen(rt, "a", 80);
             NewtSocket c = NewtSocket.connect(rt, "a", A, 80, WAIT)) {
            c.setSoTimeout(WAIT);
            final NewtSocket s = server.accept(WAIT);
            final Future<Integer> read = background(() -> c.getInputStream().read());
            s.abort();
            assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(SocketException.class)
                .cause().hasMessageStartingWith("Connection reset: read from connection 2 from a:49152 to "
                    + "10.0.0.1:80 (RESET:");
        }
    }

    @Test
    void closeFromAnotherThreadEndsAReadThatWaitsWithoutLimit() throws Exception {
        try (NewtServerSocket server = NewtServerSocket.listen(rt, "a", 80);
             NewtSocket c = NewtSocket.connect(rt, "a", A, 80, WAIT);
             NewtSocket s = server.accept(WAIT)) {
            final CompletableFuture<Throwable> failure = new CompletableFuture<>();
            final Thread reader = new Thread(() -> {
                try {
                    c.getInputStream().read();
                    failure.complete(null);
                } catch (IOException e) {
                    failure.complete(e);
                }
            }, "test-reader");
            reader.start();
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (reader.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(reader.getState()).as("the reader waits for sock").isEqualTo(Thread.State.WAITING);
            c.close();
            assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(SocketException.class)
                .hasMessageStartingWith("Socket closed: read from connection 2 from a:49152 to 10.0.0.1:80");
            Await.ended(reader);
            assertThat(c.isClosed()).isTrue();
            s.setSoTimeout(WAIT);
            assertThat(s.getInputStream().read()).as("the peer sees the end of the stream").isEqualTo(-1);
        }
    }

    @Test
    void acceptTimesOutWithoutLosingTheConnectionThatComesLater() throws Exception {
        try (NewtServerSocket server = NewtServerSocket.listen(rt, "a", 80)) {
            assertThatThrownBy(() -> server.accept(Duration.ofMillis(100)))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("Accept timed out: no connection to listener 1 on a:80 within PT0.1S");
            try (NewtSocket c = NewtSocket.connect(rt, "a", A, 80, WAIT);
                 NewtSocket s = server.accept(WAIT)) {
                assertThat(s.getPort()).isEqualTo(c.getLocalPort());
                assertThat(s.getLocalPort()).isEqualTo(80);
            }
        }
    }

    @Test
    void secondListenerOnAPortIsABindException() throws Exception {
        try (NewtServerSocket server = NewtServerSocket.listen(rt, "a", 80)) {
            assertThatThrownBy(() -> NewtServerSocket.listen(rt, "a", 80)).isInstanceOf(BindException.class)
                .hasMessageStartingWith("Address already in use: listen on a:80 (ADDRESS_IN_USE:");
        }
    }

    @Test
    void asyncSendsAndReceivesCompleteWithoutBlocking() throws Exception {
        try (NewtServerSocket server = NewtServerSocket.listen(rt, "a", 80)) {
            final var accepted = server.acceptAsync();
            try (NewtSocket c = NewtSocket.connect(rt, "a", A, 80, WAIT);
                 NewtSocket s = accepted.get(5, TimeUnit.SECONDS)) {
                final var received = s.receiveAsync(100);
                assertThat(c.sendAsync(ascii("ping")).get(5, TimeUnit.SECONDS)).isEqualTo(4);
                final StreamChunk chunk = received.get(5, TimeUnit.SECONDS);
                assertThat(new String(chunk.data(), StandardCharsets.US_ASCII)).isEqualTo("ping");
                assertThat(chunk.eof()).isFalse();
                c.shutdownOutput();
                assertThat(s.receiveAsync(100).get(5, TimeUnit.SECONDS).eof()).isTrue();
                assertThat(c.sendAsync(ascii("x"))).isCompletedExceptionally();
            }
        }
    }

    /**
     * Twice as many sends at once as sock's mailbox holds: before, the ones past the mailbox failed
     * (and the later ones waited at sock forever for their hole); now at most
     * {@link NewtSocket#WINDOW} are at sock and every byte arrives, in order.
     */
    @Test
    void manyMoreAsyncSendsThanSocksMailboxHoldsAllArriveInOrder() throws Exception {
        final int sends = 2 * SockServer.spec(HOST).mailboxCapacity();
        final byte[] data = pattern(sends * 100);
        try (NewtServerSocket server = NewtServerSocket.listen(rt, "a", 80)) {
            final Future<byte[]> got = background(() -> {
                try (NewtSocket s = server.accept(WAIT)) {
                    s.setSoTimeout(WAIT);
                    return s.getInputStream().readAllBytes();
                }
            });
            try (NewtSocket c = NewtSocket.connect(rt, "a", A, 80, WAIT)) {
                final List<CompletableFuture<Integer>> all = new ArrayList<>();
                for (int i = 0; i < sends; i++) {
                    all.add(c.sendAsync(Arrays.copyOfRange(data, i * 100, i * 100 + 100)));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                c.shutdownOutput();
                assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo(data);
            }
        }
    }

    @Test
    void socketsRefuseTheSimulatedExecutorAndUnknownHosts() throws IOException {
        try (NewtRuntime sim = NewtRuntime.builder().build()) {
            assertThatThrownBy(() -> NewtSocket.connect(sim, "a", A, 80, WAIT))
                .isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> NewtServerSocket.listen(rt, "nohost", 80))
            .isInstanceOf(UnknownHostException.class)
            .hasMessage("no socket server 'nohost.sock' in this runtime: is 'nohost' a host?");
    }
}
