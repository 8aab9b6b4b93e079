package dev.newt.net.sock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.testing.Await;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.Datagram;
import dev.newt.net.msg.DgramBind;
import dev.newt.net.msg.DgramBound;
import dev.newt.net.msg.DgramReceive;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.msg.UdpInput;
import dev.newt.net.msg.UdpOpened;
import dev.newt.net.wire.Ipv4Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request the restored sock held is resubmitted by its requester, but what the sock handles
 * first may already answer it: the resubmission must not then count as a new request. Here for a
 * datagram receive, with udp played by a client named {@code a.udp}.
 */
class SockResubmissionTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    private NewtRuntime rt;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
    }

    private static String text(final Object datagram) {
        return new String(((Datagram) datagram).data(), StandardCharsets.US_ASCII);
    }

    @Test
    void aWaitingReceiveAnsweredByADatagramThatCameDuringTheOutageIsNotResubmittedAsANewOne() {
        rt = NewtRuntime.builder().seed(4).server(Crashable.wrap(SockServer.spec(HOST))).build();
        rt.start();
        final NewtClient app = rt.client("app");
        final NewtClient udp = rt.client("a.udp");
        final NewtClient test = rt.client("test");

        final CompletableFuture<Envelope> bind = app.request("a.sock", new DgramBind(7));
        rt.runFor(Duration.ofMillis(1));
        udp.reply(udp.poll(), new UdpOpened(7));
        rt.runFor(Duration.ofMillis(1));
        assertThat(Await.result(bind).payload()).isEqualTo(new DgramBound(1, 7));
        final CompletableFuture<Envelope> waiting = app.request("a.sock", new DgramReceive(1));
        rt.runFor(Duration.ofMillis(1));

        test.send("a.sock", Crashable.CRASH);
        rt.runFor(Duration.ofMillis(1));
        // A datagram arrives while sock is down: it is ahead of the resubmitted receive in sock's mailbox.
        udp.send("a.sock", new UdpInput(B, 4000, HOST.address(), 7, "first".getBytes(StandardCharsets.US_ASCII)));
        assertThat(rt.runUntil(() -> !rt.events().ofType(ServerRestarted.class).isEmpty(), Duration.ofSeconds(1)))
            .isTrue();
        rt.runFor(Duration.ofMillis(5));
        assertThat(text(Await.result(waiting).payload())).isEqualTo("first");

        udp.send("a.sock", new UdpInput(B, 4000, HOST.address(), 7, "second".getBytes(StandardCharsets.US_ASCII)));
        rt.runFor(Duration.ofMillis(1));
        final CompletableFuture<Envelope> next = app.request("a.sock", new DgramReceive(1));
        rt.runFor(Duration.ofMillis(1));
        assertThat(next).as("no phantom receive ate the second datagram").isDone();
        assertThat(text(Await.result(next).payload())).isEqualTo("second");
        final CompletableFuture<Envelope> st = test.request("a.sock", new StatsQuery());
        rt.runFor(Duration.ofMillis(1));
        // The runtime drops the resubmitted copy before sock sees it: its sender no longer waits for it.
        assertThat(rt.events().ofType(dev.newt.core.event.StaleRequestDropped.class)).singleElement()
            .satisfies(d -> assertThat(d.server()).isEqualTo("a.sock"));
    }
}
