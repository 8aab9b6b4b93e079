package dev.newt.net.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.net.api.NewtSocket;
import dev.newt.net.host.HostConfig;
import dev.newt.net.sock.LoopbackTcp;
import dev.newt.net.sock.SockServer;
import dev.newt.net.workload.StreamPattern;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The echo and HTTP servers of host {@code a} on the threaded executor (real sock, in-memory
 * loopback tcp), used by application threads through {@link NewtSocket} and {@link NewtHttpClient}.
 */
class AppsOnThreadsTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    static final Duration WAIT = Duration.ofSeconds(5);

    private NewtRuntime rt;
    private ExecutorService threads;

    @BeforeEach
    void start() {
        rt = NewtRuntime.builder().threaded("park").server(SockServer.spec(HOST))
            .server(LoopbackTcp.spec(HOST, RecoveryPolicy.CHECKPOINT))
            .server(AppSpecs.httpServer(HOST, 80, HttpFileServerTest.FILES))
            .server(AppSpecs.echo(HOST, 7)).build();
        rt.start();
        threads = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        rt.close();
    }

    /** The servers listen once their first messages are handled; connect until they do. */
    private NewtSocket connect(final int port) throws Exception {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return NewtSocket.connect(rt, "a", HOST.address(), port, WAIT);
            } catch (java.net.ConnectException refused) {
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void theBlockingHttpClientFetchesSeveralFilesOnOneConnection() throws Exception {
        connect(80).close();
        try (NewtHttpClient http = NewtHttpClient.connect(rt, "a", HOST.address(), 80, WAIT)) {
            final HttpResponse index = http.get("/index.html");
            assertThat(index.status()).isEqualTo(200);
            assertThat(index.text()).isEqualTo("<h1>newt</h1>\n");
            assertThat(index.headers()).containsEntry("content-type", "text/html; charset=utf-8");
            final HttpResponse data = http.get("/data.bin");
            assertThat(data.body()).isEqualTo(HttpFileServerTest.DATA);
            assertThat(data.crc32()).isEqualTo(HttpFetch.crc(HttpFileServerTest.DATA, 0, 100_000));
            assertThat(http.get("/missing").status()).isEqualTo(404);
            assertThat(http.get("/index.html", true).headers()).containsEntry("connection", "close");
            assertThatThrownBy(() -> http.get("/index.html")).isInstanceOf(ProtocolException.class);
        }
        final HttpFileServer.State server = rt.checkpointedState("a.app.http", HttpFileServer.State.class);
        assertThat(server.accepted()).as("the probe and the client's one connection").isEqualTo(2);
        assertThat(server.counters()).containsEntry("status.200", 3L).containsEntry("status.404", 1L);
    }

    @Test
    void theEchoServerSendsBackEveryByteAndClosesAfterTheClientsEnd() throws Exception {
        final byte[] data = StreamPattern.make(11, 0, 300_000);
        try (NewtSocket s = connect(7)) {
            s.setSoTimeout(WAIT);
            s.setWriteTimeout(WAIT);
            final Future<?> writer = threads.submit(() -> {
                final OutputStream out = s.getOutputStream();
                for (int at = 0; at < data.length; at += 10_000) {
                    out.write(data, at, Math.min(10_000, data.length - at));
                }
                s.shutdownOutput();
                return null;
            });
            final InputStream in = s.getInputStream();
            final byte[] back = in.readAllBytes();
            writer.get(10, TimeUnit.SECONDS);
            assertThat(back).isEqualTo(data);
        }
        final EchoServer.State echo = rt.checkpointedState("a.app.tcp-echo", EchoServer.State.class);
        assertThat(echo.bytesEchoed()).isEqualTo(300_000);
        assertThat(echo.closed()).isEqualTo(1);
    }
}
