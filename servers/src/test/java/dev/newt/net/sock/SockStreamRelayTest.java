package dev.newt.net.sock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamClosed;
import dev.newt.net.msg.StreamConnect;
import dev.newt.net.msg.StreamConnected;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamSent;
import dev.newt.net.msg.StreamShutdown;
import dev.newt.net.wire.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * sock's stream relay with its tcp played by the test: a client named {@code a.tcp} receives what
 * sock asks tcp and answers by hand, so every request sock relays, and when, is visible.
 */
class SockStreamRelayTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    private NewtRuntime rt;
    private NewtClient app;
    private NewtClient other;
    private NewtClient tcp;
    private NewtClient test;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
    }

    private void start(final ServerSpec<SockServer.State> sock, final boolean withTcp) {
        rt = NewtRuntime.builder().seed(5).server(sock).build();
        rt.start();
        app = rt.client("app");
        other = rt.client("other");
        tcp = withTcp ? rt.client("a.tcp") : null;
        test = rt.client("test");
    }

    private void start() {
        start(SockServer.spec(HOST), true);
    }

    private CompletableFuture<Envelope> ask(final NewtClient c, final Object request) {
        final CompletableFuture<Envelope> f = c.request("a.sock", request);
        rt.runFor(Duration.ofMillis(1));
        return f;
    }

    private Object answer(final NewtClient c, final Object request) {
        final CompletableFuture<Envelope> f = ask(c, request);
        assertThat(f).as("sock answered " + request).isDone();
        return Await.result(f).payload();
    }

    /** @return the next request sock made of tcp */
    private Envelope atTcp() {
        rt.runFor(Duration.ofMillis(1));
        final Envelope e = tcp.poll();
        assertThat(e).as("a request from sock to tcp").isNotNull();
        assertThat(e.isRequest()).isTrue();
        assertThat(e.from()).isEqualTo("a.sock");
        return e;
    }

    private void tcpAnswers(final Envelope request, final Object payload) {
        tcp.reply(request, payload);
        rt.runFor(Duration.ofMillis(1));
    }

    private Stats stats() {
        return (Stats) answer(test, new StatsQuery());
    }

    /** Connects {@code app} and has tcp hand out connection 3 on port 49152. */
    private void connect() {
        final CompletableFuture<Envelope> f = ask(app, new StreamConnect(B, 80, 0));
        final Envelope e = atTcp();
        assertThat(e.payload()).isEqualTo(new StreamConnect(B, 80, 0));
        tcpAnswers(e, new StreamConnected(3, 49152));
        assertThat(Await.result(f).payload()).isEqualTo(new StreamConnected(3, 49152));
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String sent(final Envelope e) {
        return new String(((StreamSend) e.payload()).data(), StandardCharsets.US_ASCII);
    }

    private static String code(final CompletableFuture<Envelope> f) {
        assertThat(f).isDone();
        return ((SocketError) Await.result(f).payload()).code();
    }

    @Test
    void listenIsRelayedToTcpAndTheListenerBelongsToTheApplicationThatAsked() {
        start();
        final CompletableFuture<Envelope> f = ask(app, new StreamListen(80, 4));
        final Envelope e = atTcp();
        assertThat(e.payload()).isEqualTo(new StreamListen(80, 4));
        assertThat(f).as("sock waits for tcp").isNotDone();
        tcpAnswers(e, new StreamListening(5, 80));
        assertThat(Await.result(f).payload()).isEqualTo(new StreamListening(5, 80));

        final SocketError foreign = (SocketError) answer(other, new StreamAccept(5));
        assertThat(foreign).isEqualTo(new SocketError("BAD_SOCKET", "no listener 5 of other on a"));
        final SocketError notAConnection = (SocketError) answer(app, new StreamSend(5, ascii("x")));
        assertThat(notAConnection).isEqualTo(new SocketError("BAD_SOCKET", "no connection 5 of app on a"));
        rt.runFor(Duration.ofMillis(1));
        assertThat(tcp.poll()).as("refused requests never reach tcp").isNull();

        final CompletableFuture<Envelope> accept = ask(app, new StreamAccept(5));
        assertThat(atTcp().payload()).isEqualTo(new StreamAccept(5));
        assertThat(accept).isNotDone();
        final Stats st = stats();
        assertThat(st.get("listeners")).isEqualTo(1);
        assertThat(st.get("stream.listens")).isEqualTo(1);
        assertThat(st.get("bad-socket")).isEqualTo(2);
        assertThat(st.get("tcp.calls")).isEqualTo(1);
    }

    @Test
    void sendsAndReceivesOfAConnectionReachTcpOneAtATimeInTheirOrder() {
        start();
        connect();
        final CompletableFuture<Envelope> one = ask(app, new StreamSend(3, ascii("one")));
        final CompletableFuture<Envelope> two = ask(app, new StreamSend(3, ascii("two")));
        final CompletableFuture<Envelope> shut = ask(app, new StreamShutdown(3));
        final CompletableFuture<Envelope> r1 = ask(app, new StreamReceive(3, 100));
        final CompletableFuture<Envelope> r2 = ask(app, new StreamReceive(3, 100));

        final Envelope s1 = atTcp();
        final Envelope rc1 = atTcp();
        assertThat(sent(s1)).isEqualTo("one");
        assertThat(rc1.payload()).isEqualTo(new StreamReceive(3, 100));
        rt.runFor(Duration.ofMillis(5));
        assertThat(tcp.poll()).as("one send and one receive at tcp at a time").isNull();
        assertThat(stats().get("tcp.calls")).isEqualTo(2);

        tcpAnswers(s1, new StreamSent(3));
        assertThat(Await.result(one).payload()).isEqualTo(new StreamSent(3));
        assertThat(two).isNotDone();
        final Envelope s2 = atTcp();
        assertThat(sent(s2)).isEqualTo("two");
        tcpAnswers(s2, new StreamSent(3));
        final Envelope sd = atTcp();
        assertThat(sd.payload()).isEqualTo(new StreamShutdown(3));
        tcpAnswers(sd, new StreamClosed(3));
        assertThat(Await.result(two).payload()).isEqualTo(new StreamSent(3));
        assertThat(Await.result(shut).payload()).isEqualTo(new StreamClosed(3));

        tcpAnswers(rc1, new StreamData(ascii("hey"), false));
        final StreamData d1 = (StreamData) Await.result(r1).payload();
        assertThat(new String(d1.data(), StandardCharsets.US_ASCII)).isEqualTo("hey");
        assertThat(r2).isNotDone();
        final Envelope rc2 = atTcp();
        tcpAnswers(rc2, new StreamData(new byte[0], true));
        assertThat(((StreamData) Await.result(r2).payload()).eof()).isTrue();

        final Stats st = stats();
        assertThat(st.get("stream.sends")).isEqualTo(2);
        assertThat(st.get("stream.bytes.out")).isEqualTo(6);
        assertThat(st.get("stream.receives")).isEqualTo(2);
        assertThat(st.get("stream.bytes.in")).isEqualTo(3);
        assertThat(st.get("stream.eof")).isEqualTo(1);
        assertThat(st.get("stream.shutdowns")).isEqualTo(1);
        assertThat(st.get("tcp.calls")).isZero();
    }

    @Test
    void numberedSendsReachTcpInStreamOrderWhateverOrderTheyArriveIn() {
        // As after a restart of sock: the send the dead incarnation took comes again after later ones.
        start();
        connect();
        final CompletableFuture<Envelope> three = ask(app, new StreamSend(3, ascii("ccc"), 6));
        final CompletableFuture<Envelope> close = ask(app, new StreamClose(3, false));
        final CompletableFuture<Envelope> two = ask(app, new StreamSend(3, ascii("bbb"), 3));
        rt.runFor(Duration.ofMillis(5));
        assertThat(tcp.poll()).as("nothing goes to tcp while the stream's first bytes are missing").isNull();
        assertThat(stats().get("stream.early")).isEqualTo(3);

        final CompletableFuture<Envelope> one = ask(app, new StreamSend(3, ascii("aaa"), 0));
        final StringBuilder stream = new StringBuilder();
        for (CompletableFuture<Envelope> f : java.util.List.of(one, two, three)) {
            final Envelope e = atTcp();
            stream.append(sent(e));
            tcpAnswers(e, new StreamSent(3));
            assertThat(Await.result(f).payload()).isEqualTo(new StreamSent(3));
        }
        assertThat(stream.toString()).isEqualTo("aaabbbccc");
        assertThat(atTcp().payload()).as("the close goes after every byte before it")
            .isEqualTo(new StreamClose(3, false));
        assertThat(close).isNotDone();

        assertThat(code(ask(app, new StreamSend(3, ascii("zzz"), 9)))).as("a send after the close")
            .isEqualTo("CLOSED");
    }

    @Test
    void aSendWhoseBytesWereAlreadyTakenIsRefused() {
        start();
        connect();
        final CompletableFuture<Envelope> first = ask(app, new StreamSend(3, ascii("abcd"), 0));
        final SocketError stale = (SocketError) answer(app, new StreamSend(3, ascii("cd"), 2));
        assertThat(stale.code()).isEqualTo("INVALID_ARGUMENT");
        assertThat(stale.message()).contains("offset 2").contains("up to 4");
        final Envelope e = atTcp();
        assertThat(sent(e)).isEqualTo("abcd");
        tcpAnswers(e, new StreamSent(4));
        assertThat(Await.result(first).payload()).isEqualTo(new StreamSent(4));
        rt.runFor(Duration.ofMillis(5));
        assertThat(tcp.poll()).isNull();
    }

    @Test
    void withoutATcpServerEveryStreamRequestIsAnsweredNoRoute() {
        start(SockServer.spec(HOST), false);
        final SocketError err = (SocketError) answer(app, new StreamConnect(B, 80, 0));
        assertThat(err).isEqualTo(new SocketError("NO_ROUTE",
            "host a has no TCP: there is no server 'a.tcp' in this runtime"));
        assertThat(((SocketError) answer(app, new StreamListen(80, 1))).code()).isEqualTo("NO_ROUTE");
        assertThat(stats().get("no-route")).isEqualTo(2);
    }

    @Test
    void abortFailsTheQueuedRequestsAtOnceAndReleasesTheConnection() {
        start();
        connect();
        final CompletableFuture<Envelope> one = ask(app, new StreamSend(3, ascii("one")));
        final CompletableFuture<Envelope> two = ask(app, new StreamSend(3, ascii("two")));
        final Envelope s1 = atTcp();
        final CompletableFuture<Envelope> abort = ask(app, new StreamClose(3, true));
        assertThat(code(two)).as("queued, never at tcp").isEqualTo("CLOSED");
        final Envelope cl = atTcp();
        assertThat(cl.payload()).as("an abort does not wait behind sends").isEqualTo(new StreamClose(3, true));
        tcpAnswers(cl, new StreamClosed(3));
        assertThat(Await.result(abort).payload()).isEqualTo(new StreamClosed(3));
        tcpAnswers(s1, new SocketError("CLOSED", "connection 3 was closed"));
        assertThat(code(one)).isEqualTo("CLOSED");
        assertThat(stats().get("connections")).isZero();
        assertThat(((SocketError) answer(app, new StreamSend(3, ascii("late")))).code()).isEqualTo("BAD_SOCKET");
    }

    @Test
    void gracefulCloseWaitsBehindTheSendsAndRefusesNewRequests() {
        start();
        connect();
        final CompletableFuture<Envelope> one = ask(app, new StreamSend(3, ascii("one")));
        final CompletableFuture<Envelope> close = ask(app, new StreamClose(3, false));
        final Envelope s1 = atTcp();
        rt.runFor(Duration.ofMillis(1));
        assertThat(tcp.poll()).as("the close waits for the send").isNull();
        final SocketError late = (SocketError) answer(app, new StreamReceive(3, 10));
        assertThat(late).isEqualTo(new SocketError("CLOSED",
            "connection 3 (port 49152 to 10.0.0.2:80) on a is closing"));
        tcpAnswers(s1, new StreamSent(3));
        assertThat(Await.result(one).payload()).isEqualTo(new StreamSent(3));
        final Envelope cl = atTcp();
        assertThat(cl.payload()).isEqualTo(new StreamClose(3, false));
        tcpAnswers(cl, new StreamClosed(3));
        assertThat(Await.result(close).payload()).isEqualTo(new StreamClosed(3));
        assertThat(stats().get("connections")).isZero();
    }

    @Test
    void invalidArgumentsAreRefusedWithoutAskingTcp() {
        start();
        connect();
        assertThat(((SocketError) answer(app, new StreamReceive(3, 0))).code()).isEqualTo("INVALID_ARGUMENT");
        assertThat(((SocketError) answer(app, new StreamListen(0, 1))).code()).isEqualTo("INVALID_ARGUMENT");
        assertThat(((SocketError) answer(app, new StreamConnect(B, 70000, 0))).code())
            .isEqualTo("INVALID_ARGUMENT");
        rt.runFor(Duration.ofMillis(1));
        assertThat(tcp.poll()).isNull();
    }

    @Test
    void aRequestResubmittedAfterSockRestartsIsNotRelayedTwice() {
        start(Crashable.wrap(SockServer.spec(HOST)), true);
        connect();
        final CompletableFuture<Envelope> r = ask(app, new StreamReceive(3, 10));
        final Envelope rc = atTcp();
        final int restarts = rt.events().ofType(ServerRestarted.class).size();
        test.send("a.sock", Crashable.CRASH);
        assertThat(rt.runUntil(() -> rt.events().ofType(ServerRestarted.class).size() > restarts,
            Duration.ofSeconds(1))).isTrue();
        rt.runFor(Duration.ofMillis(5));
        assertThat(tcp.poll()).as("the receive the application resubmitted is already at tcp").isNull();
        assertThat(stats().get("duplicate-request")).isEqualTo(1);
        tcpAnswers(rc, new StreamData(ascii("kept"), false));
        assertThat(new String(((StreamData) Await.result(r).payload()).data(), StandardCharsets.US_ASCII))
            .isEqualTo("kept");
        assertThat(stats().get("connections")).as("the connection survived in the checkpoint").isEqualTo(1);
    }

    @Test
    void aResubmittedRequestThatTheRestoredSockAnsweredFirstIsNotServedAgain() {
        start(Crashable.wrap(SockServer.spec(HOST)), true);
        connect();
        final CompletableFuture<Envelope> r = ask(app, new StreamReceive(3, 10));
        final Envelope rc = atTcp();
        test.send("a.sock", Crashable.CRASH);
        rt.runFor(Duration.ofMillis(1));
        assertThat(rt.events().ofType(ServerRestarted.class)).as("sock is still down").isEmpty();
        // tcp answers while sock is down: the answer waits for the restored sock, which sees it
        // before the application's resubmitted receive.
        tcp.reply(rc, new StreamData(ascii("early"), false));
        assertThat(rt.runUntil(() -> !rt.events().ofType(ServerRestarted.class).isEmpty(), Duration.ofSeconds(1)))
            .isTrue();
        rt.runFor(Duration.ofMillis(5));
        assertThat(new String(((StreamData) Await.result(r).payload()).data(), StandardCharsets.US_ASCII))
            .isEqualTo("early");
        assertThat(tcp.poll()).as("the resubmission is not a new receive").isNull();
        // The runtime drops the resubmitted copy before sock sees it: its sender no longer waits for it.
        assertThat(rt.events().ofType(dev.newt.core.event.StaleRequestDropped.class)).singleElement()
            .satisfies(d -> assertThat(d.server()).isEqualTo("a.sock"));
        assertThat(stats().get("tcp.calls")).isZero();
    }
}
