package dev.newt.net.sock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.testing.Await;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.msg.StreamShutdown;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * sock with the in-memory {@link LoopbackTcp} as {@code a.tcp}: a connection between two
 * applications of host {@code a}, and what a crash of tcp does to the requests it held.
 */
class SockStreamRecoveryTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");

    private NewtRuntime rt;
    private NewtClient server;
    private NewtClient client;
    private NewtClient test;
    private int serverConn;
    private int clientConn;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
    }

    private void start(final RecoveryPolicy tcpRecovery) {
        rt = NewtRuntime.builder().seed(11).server(SockServer.spec(HOST))
            .server(Crashable.wrap(LoopbackTcp.spec(HOST, tcpRecovery))).build();
        rt.start();
        server = rt.client("srv");
        client = rt.client("cli");
        test = rt.client("test");
    }

    private Object answer(final NewtClient c, final Object request) {
        final CompletableFuture<Envelope> f = c.request("a.sock", request);
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).as("answer to " + request).isTrue();
        return Await.result(f).payload();
    }

    private CompletableFuture<Envelope> ask(final NewtClient c, final Object request) {
        final CompletableFuture<Envelope> f = c.request("a.sock", request);
        rt.runFor(Duration.ofMillis(1));
        return f;
    }

    private void connectPair() {
        final StreamListening l = (StreamListening) answer(server, new StreamListen(80, 4));
        final CompletableFuture<Envelope> accept = ask(server, new StreamAccept(l.listenerId()));
        assertThat(accept).isNotDone();
        final StreamConnected c = (StreamConnected) answer(client, new StreamConnect(HOST.address(), 80, 0));
        rt.runFor(Duration.ofMillis(1));
        final StreamAccepted a = (StreamAccepted) Await.result(accept).payload();
        assertThat(a.remotePort()).isEqualTo(c.localPort());
        assertThat(a.localPort()).isEqualTo(80);
        serverConn = a.connectionId();
        clientConn = c.connectionId();
    }

    private Stats stats(final String name) {
        final CompletableFuture<Envelope> f = test.request(name, new StatsQuery());
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).isTrue();
        return (Stats) Await.result(f).payload();
    }

    private void crashTcp() {
        final int restarts = rt.events().ofType(ServerRestarted.class).size();
        test.send("a.tcp", Crashable.CRASH);
        assertThat(rt.runUntil(() -> rt.events().ofType(ServerRestarted.class).size() > restarts,
            Duration.ofSeconds(1))).isTrue();
        rt.runFor(Duration.ofMillis(5));
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(final Object data) {
        return new String(((StreamData) data).data(), StandardCharsets.US_ASCII);
    }

    @Test
    void bytesFlowBetweenTwoApplicationsAndShutdownGivesThePeerItsEndOfStream() {
        start(RecoveryPolicy.CHECKPOINT);
        connectPair();
        assertThat(answer(client, new StreamSend(clientConn, ascii("hello")))).isEqualTo(new StreamSent(5));
        assertThat(text(answer(server, new StreamReceive(serverConn, 100)))).isEqualTo("hello");
        assertThat(answer(server, new StreamSend(serverConn, ascii("back")))).isEqualTo(new StreamSent(4));
        assertThat(text(answer(client, new StreamReceive(clientConn, 2)))).isEqualTo("ba");
        assertThat(text(answer(client, new StreamReceive(clientConn, 2)))).isEqualTo("ck");
        answer(client, new StreamShutdown(clientConn));
        final StreamData eof = (StreamData) answer(server, new StreamReceive(serverConn, 100));
        assertThat(eof.eof()).isTrue();
        assertThat(eof.data()).isEmpty();
        final SocketError stolen = (SocketError) answer(server, new StreamReceive(clientConn, 1));
        assertThat(stolen.code()).as("the client's connection is not the server's").isEqualTo("BAD_SOCKET");
        assertThat(stats("a.sock").get("connections")).isEqualTo(2);
    }

    @Test
    void tcpRestoredFromItsCheckpointGetsTheHeldReceiveAgainAndTheConnectionGoesOn() {
        start(RecoveryPolicy.CHECKPOINT);
        connectPair();
        final CompletableFuture<Envelope> r = ask(server, new StreamReceive(serverConn, 100));
        assertThat(r).isNotDone();
        crashTcp();
        assertThat(stats("a.sock").get("tcp.restarts")).isEqualTo(1);
        assertThat(stats("a.sock").get("tcp.resubmitted")).isEqualTo(1);
        assertThat(stats("a.tcp").get("duplicate")).as("tcp knew the receive from its checkpoint").isEqualTo(1);
        assertThat(r).isNotDone();
        assertThat(answer(client, new StreamSend(clientConn, ascii("after crash")))).isEqualTo(new StreamSent(11));
        rt.runFor(Duration.ofMillis(1));
        assertThat(text(Await.result(r).payload())).isEqualTo("after crash");
    }

    @Test
    void requestsThatFindTcpsMailboxFullWaitInTheirLaneAndGoLaterInOrder() {
        rt = NewtRuntime.builder().seed(11).server(SockServer.spec(HOST))
            .server(Crashable.wrap(LoopbackTcp.spec(HOST, RecoveryPolicy.CHECKPOINT).withMailboxCapacity(2))).build();
        rt.start();
        server = rt.client("srv");
        client = rt.client("cli");
        test = rt.client("test");
        final int pairs = 4;
        final int[] serverSide = new int[pairs];
        final int[] clientSide = new int[pairs];
        final StreamListening l = (StreamListening) answer(server, new StreamListen(80, pairs));
        for (int i = 0; i < pairs; i++) {
            clientSide[i] = ((StreamConnected) answer(client, new StreamConnect(HOST.address(), 80, 0)))
                .connectionId();
            serverSide[i] = ((StreamAccepted) answer(server, new StreamAccept(l.listenerId()))).connectionId();
        }
        // tcp is down for a while and its mailbox holds 2: sock relays faster than tcp takes requests.
        test.send("a.tcp", Crashable.CRASH);
        assertThat(rt.runUntil(() -> !rt.events().ofType(ServerCrashed.class).isEmpty(), Duration.ofSeconds(1)))
            .isTrue();
        final List<CompletableFuture<Envelope>> receives = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            receives.add(server.request("a.sock", new StreamReceive(serverSide[i], 100)));
            client.request("a.sock", new StreamSend(clientSide[i], ascii("to " + i)));
            client.request("a.sock", new StreamSend(clientSide[i], ascii(" and on")));
        }
        assertThat(rt.runUntil(() -> receives.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(1)))
            .isTrue();
        assertThat(stats("a.sock").get("tcp.busy")).as("tcp's mailbox was full at least once").isPositive();
        for (int i = 0; i < pairs; i++) {
            final String got = text(Await.result(receives.get(i)).payload());
            assertThat("to " + i + " and on").startsWith(got);
            if (got.length() < 9) {
                assertThat(got + text(answer(server, new StreamReceive(serverSide[i], 100))))
                    .isEqualTo("to " + i + " and on");
            }
        }
        assertThat(stats("a.sock").get("tcp.calls")).isZero();
    }

    @Test
    void freshTcpAnswersTheResubmittedReceiveWithAnErrorAndANewConnectionReplacesTheStaleHandle() {
        start(RecoveryPolicy.FRESH);
        connectPair();
        final CompletableFuture<Envelope> r = ask(server, new StreamReceive(serverConn, 100));
        crashTcp();
        assertThat(r).as("the application is answered, not left hanging").isDone();
        final SocketError err = (SocketError) Await.result(r).payload();
        assertThat(err.code()).isEqualTo("BAD_SOCKET");
        assertThat(((SocketError) answer(client, new StreamSend(clientConn, ascii("x")))).code())
            .isEqualTo("BAD_SOCKET");
        // The fresh tcp hands out its ids from 1 again; sock still holds the dead listener 1.
        final StreamListening l = (StreamListening) answer(server, new StreamListen(81, 1));
        assertThat(l.listenerId()).isEqualTo(1);
        assertThat(stats("a.sock").get("tcp.stale-handle")).isEqualTo(1);
        assertThat(stats("a.sock").get("stream.error.BAD_SOCKET")).isEqualTo(2);
    }
}
