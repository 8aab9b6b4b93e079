package dev.newt.net.sock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.Datagram;
import dev.newt.net.msg.DgramBind;
import dev.newt.net.msg.DgramBound;
import dev.newt.net.msg.DgramClose;
import dev.newt.net.msg.DgramClosed;
import dev.newt.net.msg.DgramReceive;
import dev.newt.net.msg.DgramSendTo;
import dev.newt.net.msg.DgramSent;
import dev.newt.net.msg.IcmpError;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.msg.UdpOpen;
import dev.newt.net.msg.UdpOpened;
import dev.newt.net.udp.UdpServer;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.UdpDatagram;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sock and the real udp of host {@code a} (10.0.0.1/24), with {@code a.pf} and {@code a.ip}
 * impersonated and a client {@code app} acting as the application.
 */
class SockServerTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    static final Ipv4Address A = HOST.address();
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    private NewtRuntime rt;
    private NewtClient pf;
    private NewtClient ip;
    private NewtClient app;
    private NewtClient test;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
    }

    private void start(final ServerSpec<UdpServer.State> udp, final ServerSpec<SockServer.State> sock) {
        rt = NewtRuntime.builder().seed(9).server(udp).server(sock).build();
        rt.start();
        pf = rt.client("a.pf");
        ip = rt.client("a.ip");
        app = rt.client("app");
        test = rt.client("test");
    }

    private void start() {
        start(UdpServer.spec(HOST), SockServer.spec(HOST));
    }

    private CompletableFuture<Envelope> request(final NewtClient c, final Object request) {
        final CompletableFuture<Envelope> f = c.request("a.sock", request);
        rt.runFor(Duration.ofMillis(1));
        return f;
    }

    private Object ask(final NewtClient c, final Object request) {
        final CompletableFuture<Envelope> f = c.request("a.sock", request);
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).isTrue();
        return Await.result(f).payload();
    }

    private DgramBound bind(final int port) {
        final Object r = ask(app, new DgramBind(port));
        assertThat(r).isInstanceOf(DgramBound.class);
        return (DgramBound) r;
    }

    /** pf delivers a datagram from 10.0.0.2:{@code sport} to a:{@code dport}. */
    private void deliver(final int sport, final int dport, final String data) {
        final byte[] seg = UdpDatagram.of(sport, dport, ascii(data)).encode(B, A);
        final byte[] packet = Ipv4Packet.of(B, A, IpProtocol.UDP, 1, 64, ByteBuffer.wrap(seg)).encode();
        assertThat(pf.send("a.udp", new IpInbound(B, A, IpProtocol.UDP, packet, 20))).isTrue();
        rt.runFor(Duration.ofMillis(1));
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(final Object datagram) {
        return new String(((Datagram) datagram).data(), StandardCharsets.US_ASCII);
    }

    private static List<Object> drain(final NewtClient c) {
        final List<Object> got = new ArrayList<>();
        for (Envelope e = c.poll(); e != null; e = c.poll()) {
            got.add(e.payload());
        }
        return got;
    }

    private Stats stats(final String server) {
        final CompletableFuture<Envelope> f = test.request(server, new StatsQuery());
        assertThat(rt.runUntil(f::isDone, Duration.ofSeconds(1))).isTrue();
        return (Stats) Await.result(f).payload();
    }

    private void crashAndAwaitRestart(final String server) {
        final int before = rt.events().ofType(ServerRestarted.class).size();
        test.send(server, Crashable.CRASH);
        assertThat(rt.runUntil(() -> rt.events().ofType(ServerRestarted.class).size() > before,
            Duration.ofSeconds(1))).isTrue();
        rt.runFor(Duration.ofMillis(5));
    }

    @Test
    void bindSendReceiveAndCloseThroughTheRealUdp() {
        start();
        final DgramBound bound = bind(0);
        assertThat(bound).isEqualTo(new DgramBound(1, 49152));

        assertThat(ask(app, new DgramSendTo(1, B, 7, ascii("hi")))).isEqualTo(new DgramSent(2));
        rt.runFor(Duration.ofMillis(1));
        final List<Object> atPf = drain(pf);
        assertThat(atPf).hasSize(1);
        final UdpDatagram sent = UdpDatagram.decode(((IpOutbound) atPf.get(0)).payload(), A, B).value();
        assertThat(sent.sourcePort()).isEqualTo(49152);
        assertThat(sent.destinationPort()).isEqualTo(7);
        assertThat(sent.payload()).isEqualTo(ByteBuffer.wrap(ascii("hi")));

        deliver(7, 49152, "yo");
        final Datagram got = (Datagram) ask(app, new DgramReceive(1));
        assertThat(got.source()).isEqualTo(B);
        assertThat(got.sourcePort()).isEqualTo(7);
        assertThat(text(got)).isEqualTo("yo");

        assertThat(ask(app, new DgramClose(1))).isEqualTo(new DgramClosed(1));
        assertThat(((SocketError) ask(app, new DgramReceive(1))).code()).isEqualTo("BAD_SOCKET");
        assertThat(stats("a.udp").get("ports")).as("udp closed the port too").isZero();
        deliver(7, 49152, "after close");
        assertThat(drain(ip)).hasSize(1).allMatch(p -> p instanceof IcmpError);
    }

    @Test
    void datagramsQueueInOrderUntilAskedFor() {
        start();
        bind(5353);
        deliver(1, 5353, "one");
        deliver(2, 5353, "two");
        assertThat(stats("a.sock").get("queued")).isEqualTo(2);
        assertThat(text(ask(app, new DgramReceive(1)))).isEqualTo("one");
        assertThat(text(ask(app, new DgramReceive(1)))).isEqualTo("two");
    }

    @Test
    void waitingReceiveIsAnsweredWhenADatagramArrives() {
        start();
        bind(7);
        final CompletableFuture<Envelope> r = request(app, new DgramReceive(1));
        rt.runFor(Duration.ofSeconds(1));
        assertThat(r).isNotDone();
        deliver(4000, 7, "at last");
        assertThat(r).isDone();
        assertThat(text(Await.result(r).payload())).isEqualTo("at last");
        assertThat(stats("a.sock").get("queued")).isZero();
    }

    @Test
    void closeFailsTheWaitingReceive() {
        start();
        bind(7);
        final CompletableFuture<Envelope> r = request(app, new DgramReceive(1));
        assertThat(ask(app, new DgramClose(1))).isEqualTo(new DgramClosed(1));
        assertThat(r).isDone();
        final SocketError err = (SocketError) Await.result(r).payload();
        assertThat(err.code()).isEqualTo("CLOSED");
        assertThat(err.message()).isEqualTo("socket 1 (port 7) was closed");
    }

    @Test
    void oversizedDatagramIsRefusedAsMessageTooLong() {
        start();
        bind(7);
        final SocketError err = (SocketError) ask(app, new DgramSendTo(1, B, 9, new byte[1473]));
        assertThat(err.code()).isEqualTo("MESSAGE_TOO_LONG");
        assertThat(err.message()).contains("socket 1 (port 7)").contains("1473");
        assertThat(ask(app, new DgramSendTo(1, B, 9, new byte[1472]))).isEqualTo(new DgramSent(1472));
        assertThat(((SocketError) ask(app, new DgramSendTo(1, B, 0, new byte[1]))).code())
            .isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void unknownOrForeignSocketIsABadSocket() {
        start();
        bind(7);
        assertThat(((SocketError) ask(app, new DgramSendTo(2, B, 9, new byte[1]))).code()).isEqualTo("BAD_SOCKET");
        final NewtClient intruder = rt.client("intruder");
        final SocketError err = (SocketError) ask(intruder, new DgramReceive(1));
        assertThat(err.code()).isEqualTo("BAD_SOCKET");
        assertThat(err.message()).contains("no socket 1 of intruder");
        assertThat(((SocketError) ask(intruder, new DgramClose(1))).code()).isEqualTo("BAD_SOCKET");
        assertThat(stats("a.sock").get("sockets")).isEqualTo(1);
    }

    @Test
    void portBoundByAnotherSocketOrAnotherUdpUserIsInUse() {
        start();
        bind(7);
        final SocketError again = (SocketError) ask(rt.client("app2"), new DgramBind(7));
        assertThat(again.code()).isEqualTo("ADDRESS_IN_USE");
        assertThat(again.message()).contains("port 7").contains("socket 1");
        // Someone other than sock holds port 53 at udp: udp's refusal reaches the application.
        final CompletableFuture<Envelope> opened = test.request("a.udp", new UdpOpen(53));
        rt.runUntil(opened::isDone, Duration.ofSeconds(1));
        assertThat(Await.result(opened).payload()).isEqualTo(new UdpOpened(53));
        final SocketError refused = (SocketError) ask(app, new DgramBind(53));
        assertThat(refused.code()).isEqualTo("ADDRESS_IN_USE");
        assertThat(refused.message()).contains("53");
        assertThat(stats("a.sock").get("bind.failed")).isEqualTo(2);
    }

    @Test
    void concurrentAnyPortBindsGetDistinctPorts() {
        start();
        final CompletableFuture<Envelope> a = app.request("a.sock", new DgramBind(0));
        final CompletableFuture<Envelope> b = app.request("a.sock", new DgramBind(0));
        assertThat(rt.runUntil(() -> a.isDone() && b.isDone(), Duration.ofSeconds(1))).isTrue();
        assertThat(Await.result(a).payload()).isEqualTo(new DgramBound(1, 49152));
        assertThat(Await.result(b).payload()).isEqualTo(new DgramBound(2, 49153));
    }

    @Test
    void fullReceiveQueueDropsAndCounts() {
        start();
        bind(7);
        for (int i = 0; i < SockServer.RECEIVE_QUEUE_LIMIT + 2; i++) {
            deliver(1000 + i, 7, "d" + i);
        }
        final Stats s = stats("a.sock");
        assertThat(s.get("queued")).isEqualTo(SockServer.RECEIVE_QUEUE_LIMIT);
        assertThat(s.get("drop.NO_BUFFER_SPACE")).isEqualTo(2);
        assertThat(text(ask(app, new DgramReceive(1)))).isEqualTo("d0");
    }

    @Test
    void restoredSockKeepsItsSocketAndAnswersTheReceiveItWasWaitingOn() {
        start(UdpServer.spec(HOST), Crashable.wrap(SockServer.spec(HOST).withRecovery(RecoveryPolicy.CHECKPOINT)
            .withCheckpoints(CheckpointPolicy.EVERY_MESSAGE)));
        bind(7);
        final CompletableFuture<Envelope> waiting = request(app, new DgramReceive(1));
        assertThat(waiting).isNotDone();

        crashAndAwaitRestart("a.sock");
        assertThat(rt.status("a.sock").epoch()).isEqualTo(2);
        assertThat(waiting).isNotDone();

        deliver(4000, 7, "first");
        assertThat(waiting).isDone();
        assertThat(text(Await.result(waiting).payload())).isEqualTo("first");
        // The app resubmitted its receive after the crash; sock knew it already and kept only one,
        // so the next datagram waits in the queue for the next receive instead of being lost.
        deliver(4000, 7, "second");
        assertThat(text(ask(app, new DgramReceive(1)))).isEqualTo("second");
        assertThat(ask(app, new DgramSendTo(1, B, 4000, ascii("still bound")))).isEqualTo(new DgramSent(11));
        assertThat(stats("a.sock").get("duplicate-request")).isEqualTo(1);
    }

    @Test
    void freshSockForgetsItsSocketsAndClosesTheirPortsAtUdp() {
        start(UdpServer.spec(HOST), Crashable.wrap(SockServer.spec(HOST).withRecovery(RecoveryPolicy.FRESH)));
        bind(7);
        crashAndAwaitRestart("a.sock");
        assertThat(((SocketError) ask(app, new DgramReceive(1))).code()).isEqualTo("BAD_SOCKET");
        deliver(4000, 7, "to a forgotten socket");
        rt.runFor(Duration.ofMillis(1));
        assertThat(stats("a.sock").get("no-socket")).isEqualTo(1);
        assertThat(stats("a.udp").get("ports")).isZero();
    }

    @Test
    void freshUdpRestartDoesNotBreakABoundSocket() {
        start(Crashable.wrap(UdpServer.spec(HOST).withRecovery(RecoveryPolicy.FRESH)), SockServer.spec(HOST));
        bind(7);
        bind(0);
        final CompletableFuture<Envelope> waiting = request(app, new DgramReceive(1));

        crashAndAwaitRestart("a.udp");
        assertThat(stats("a.udp").get("ports")).as("sock opened both ports again").isEqualTo(2);
        assertThat(stats("a.sock").get("udp.reopened")).isEqualTo(2);

        deliver(4000, 7, "after udp restart");
        assertThat(drain(ip)).as("no port unreachable").isEmpty();
        assertThat(text(Await.result(waiting).payload())).isEqualTo("after udp restart");
        deliver(4000, 49152, "to the ephemeral one");
        assertThat(text(ask(app, new DgramReceive(2)))).isEqualTo("to the ephemeral one");
        // The fresh udp starts its ephemeral search from the range start again; 49152 is taken.
        assertThat(bind(0).port()).isEqualTo(49153);
    }
}
