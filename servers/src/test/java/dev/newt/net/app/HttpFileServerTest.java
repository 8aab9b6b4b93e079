package dev.newt.net.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.sock.LoopbackTcp;
import dev.newt.net.sock.SockServer;
import dev.newt.net.workload.StreamPattern;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP file server on host {@code a} (real sock, in-memory loopback tcp, simulated executor),
 * asked by the {@link HttpFetch} workload and by a raw client that speaks the stream requests to
 * sock itself, so that malformed and pipelined requests can be sent.
 */
class HttpFileServerTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    static final byte[] INDEX = "<h1>newt</h1>\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] DATA = StreamPattern.make(7, 0, 100_000);
    static final Map<String, byte[]> FILES = Map.of("/index.html", INDEX, "/data.bin", DATA);

    private NewtRuntime rt;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
    }

    private void start(final ServerSpec<?>... apps) {
        final NewtRuntime.Builder b = NewtRuntime.builder().seed(3).server(SockServer.spec(HOST))
            .server(LoopbackTcp.spec(HOST, RecoveryPolicy.CHECKPOINT));
        for (ServerSpec<?> a : apps) {
            b.server(a);
        }
        rt = b.build();
        rt.start();
    }

    private Map<String, Object> fetchSummary() {
        rt.runUntil(() -> summary() != null, Duration.ofSeconds(10));
        assertThat(summary()).as("the fetch finished").isNotNull();
        return summary();
    }

    private Map<String, Object> summary() {
        return rt.events().ofType(CustomEvent.class).stream()
            .filter(e -> e.kind().equals(EventKinds.WORKLOAD_SUMMARY) && e.server().equals("a.app.http-fetch"))
            .map(CustomEvent::fields).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(final Map<String, Object> s) {
        return (List<Map<String, Object>>) s.get("results");
    }

    private HttpFileServer.State server() {
        return rt.checkpointedState("a.app.http", HttpFileServer.State.class);
    }

    /** Sends {@code request} on a new connection and returns every byte until the server closes it. */
    private String raw(final String request) {
        final NewtClient c = rt.client("raw-" + rt.now());
        final int conn = ((StreamConnected) ask(c, new StreamConnect(HOST.address(), 80, 0))).connectionId();
        ask(c, new StreamSend(conn, request.getBytes(StandardCharsets.ISO_8859_1)));
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (true) {
            final StreamData d = (StreamData) ask(c, new StreamReceive(conn, 65536));
            got.writeBytes(d.data());
            if (d.eof()) {
                return got.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private Object ask(final NewtClient c, final Object request) {
        final CompletableFuture<Envelope> f = c.request("a.sock", request);
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(2))).as("answer to " + request).isTrue();
        return Await.result(f).payload();
    }

    /**
     * The stall of {@code newt bench --suite tap}: a 64 MiB file in 64 KiB sends (1025 with the head)
     * overflowed sock's mailbox of 1024, and the refused send and its reset were lost. Now a
     * connection has at most {@link HttpFileServer#WINDOW} sends at sock: a file of 40 sends through
     * a sock whose mailbox holds 16 messages arrives whole, in order, and the connection closes.
     */
    @Test
    void aDownloadOfManyMoreSendsThanSocksMailboxHoldsArrivesWhole() {
        final int mailbox = 16;
        final byte[] big = StreamPattern.make(11, 0, 40 * HttpFileServer.SEND_SIZE - 100);
        final NewtRuntime.Builder b = NewtRuntime.builder().seed(3)
            .server(SockServer.spec(HOST).withMailboxCapacity(mailbox))
            .server(LoopbackTcp.spec(HOST, RecoveryPolicy.CHECKPOINT))
            .server(AppSpecs.httpServer(HOST, 80, Map.of("/big.bin", big)));
        rt = b.build();
        rt.start();
        rt.runFor(Duration.ofMillis(1));
        final String r = raw("GET /big.bin HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: " + big.length + "\r\n");
        final byte[] body = r.substring(r.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(body).as("the whole file, in order").isEqualTo(big);
        assertThat(server().counters()).containsEntry("status.200", 1L).containsEntry("closed", 1L)
            .doesNotContainKey("error.RESET").doesNotContainKey("send.busy");
        assertThat(server().conns).isEmpty();
        assertThat(server().sends).isEmpty();
    }

    /** A file read from the directory a send at a time, larger than one send, arrives whole. */
    @Test
    void aLargeFileFromTheDirectoryIsReadASendAtATime(@TempDir final Path dir) throws IOException {
        final byte[] big = StreamPattern.make(5, 0, 3 * HttpFileServer.SEND_SIZE + 17);
        Files.write(dir.resolve("big.bin"), big);
        start(AppSpecs.httpServer(HOST, 80, dir));
        rt.runFor(Duration.ofMillis(1));
        final String r = raw("GET /big.bin HTTP/1.1\r\nConnection: close\r\n\r\n");
        final byte[] body = r.substring(r.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(body).isEqualTo(big);
    }

    @Test
    void twoFilesOnOneKeepAliveConnectionArriveWithTheirLengthAndChecksum() {
        start(AppSpecs.httpServer(HOST, 80, FILES), AppSpecs.httpFetch(HOST, HOST.address(), 80,
            List.of("/index.html", "/data.bin", "/"), Map.of("/index.html", HttpFetch.Expected.body(INDEX),
                "/data.bin", HttpFetch.Expected.body(DATA), "/", HttpFetch.Expected.body(INDEX)), true));
        final Map<String, Object> s = fetchSummary();
        assertThat(s.get("ok")).isEqualTo(3L);
        assertThat(s.get("failed")).isEqualTo(0L);
        assertThat(s.get("mismatched")).isEqualTo(0L);
        assertThat(s.get("connects")).as("one connection for all three").isEqualTo(1L);
        assertThat(results(s).get(1)).containsEntry("status", 200L).containsEntry("length", 100_000L)
            .containsEntry("crc32", HttpFetch.crc(DATA, 0, DATA.length));
        assertThat(server().accepted()).isEqualTo(1);
        assertThat(server().counters()).containsEntry("status.200", 3L).containsEntry("requests", 3L);
    }

    @Test
    void aMissingFileIs404AndAFreshConnectionIsUsedPerFetchWhenAskedFor() {
        start(AppSpecs.httpServer(HOST, 80, FILES), AppSpecs.httpFetch(HOST, HOST.address(), 80,
            List.of("/missing.txt", "/index.html"), Map.of("/missing.txt", HttpFetch.Expected.status(404)), false));
        final Map<String, Object> s = fetchSummary();
        assertThat(s.get("ok")).isEqualTo(2L);
        assertThat(s.get("connects")).isEqualTo(2L);
        assertThat(results(s).get(0)).containsEntry("status", 404L);
        assertThat(server().counters()).containsEntry("status.404", 1L).containsEntry("status.200", 1L);
    }

    @Test
    void aWrongBodyIsReportedAsAMismatch() {
        start(AppSpecs.httpServer(HOST, 80, FILES), AppSpecs.httpFetch(HOST, HOST.address(), 80,
            List.of("/index.html"), Map.of("/index.html", HttpFetch.Expected.body(DATA)), true));
        final Map<String, Object> s = fetchSummary();
        assertThat(s.get("ok")).isEqualTo(0L);
        assertThat(s.get("mismatched")).isEqualTo(1L);
    }

    @Test
    void aBadRequestLineIsAnswered400AndTheConnectionClosed() {
        start(AppSpecs.httpServer(HOST, 80, FILES));
        rt.runFor(Duration.ofMillis(1));
        final String r = raw("GARBAGE\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n")
            .endsWith("400 Bad Request: bad request line 'GARBAGE'\n");
    }

    @Test
    void pipelinedRequestsOnOneConnectionAreAnsweredInOrder() {
        start(AppSpecs.httpServer(HOST, 80, FILES));
        rt.runFor(Duration.ofMillis(1));
        final String r = raw("GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /index.html HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /nope HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        final int first = r.indexOf("HTTP/1.1 200 OK");
        final int second = r.indexOf("HTTP/1.1 405 Method Not Allowed");
        final int third = r.indexOf("HTTP/1.1 404 Not Found");
        assertThat(first).isZero();
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(r).contains("<h1>newt</h1>\n").contains("Allow: GET\r\n");
        assertThat(server().accepted()).isEqualTo(1);
    }

    @Test
    void filesAreServedFromADirectoryButNeverFromOutsideIt(@TempDir final Path dir) throws IOException {
        final Path root = Files.createDirectory(dir.resolve("www"));
        Files.writeString(root.resolve("hello.txt"), "hello from disk\n");
        Files.writeString(dir.resolve("secret.txt"), "not for you\n");
        start(AppSpecs.httpServer(HOST, 80, root));
        rt.runFor(Duration.ofMillis(1));
        assertThat(raw("GET /hello.txt HTTP/1.1\r\nConnection: close\r\n\r\n"))
            .startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/plain; charset=utf-8\r\n")
            .contains("Content-Length: 16\r\n").endsWith("\r\n\r\nhello from disk\n");
        assertThat(raw("GET /../secret.txt HTTP/1.1\r\nConnection: close\r\n\r\n"))
            .startsWith("HTTP/1.1 404 Not Found\r\n");
    }
}
