package dev.newt.net.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.core.testing.Crashable;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.Datagram;
import dev.newt.net.msg.DgramBind;
import dev.newt.net.msg.DgramBound;
import dev.newt.net.msg.DgramReceive;
import dev.newt.net.msg.DgramSendTo;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StatsQuery;
import dev.newt.net.pf.PfAction;
import dev.newt.net.pf.PfRules;
import dev.newt.net.pf.PfServer;
import dev.newt.net.sock.SockServer;
import dev.newt.net.udp.UdpServer;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.UdpDatagram;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The whole stack above ip on the simulated executor: an application's request goes out through
 * sock, udp and pf; the test, as {@code a.ip}, holds the answer while the filter crashes, then
 * delivers it. Whether it reaches the application depends on how pf was recovered.
 */
class TransportStackTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    @Test
    void specsAreNamedForTheHostAndSockWatchesUdp() {
        final List<ServerSpec<?>> specs = TransportStack.specs(HOST, PfRules.allowAll());
        assertThat(specs).extracting(ServerSpec::name).containsExactly("a.pf", "a.udp", "a.tcp", "a.sock");
        assertThat(specs).extracting(ServerSpec::recovery).containsExactly(RecoveryPolicy.CHECKPOINT,
            RecoveryPolicy.CHECKPOINT, RecoveryPolicy.CHECKPOINT_REPLAY, RecoveryPolicy.CHECKPOINT_REPLAY);
        assertThat(specs.get(3).watches()).containsExactly("a.udp");
    }

    /** @return whether the answer held across the pf crash reached the application */
    private static boolean answerArrivesAfterPfCrash(final RecoveryPolicy pfRecovery) {
        try (NewtRuntime rt = NewtRuntime.builder().seed(11)
            .server(Crashable.wrap(PfServer.spec(HOST, PfRules.of(PfAction.DENY, "allow out udp"))
                .withRecovery(pfRecovery)))
            .server(UdpServer.spec(HOST))
            .server(SockServer.spec(HOST))
            .build()) {
            rt.start();
            final NewtClient ip = rt.client("a.ip");
            final NewtClient app = rt.client("app");
            final NewtClient test = rt.client("test");

            final CompletableFuture<Envelope> bound = app.request("a.sock", new DgramBind(0));
            rt.runUntil(bound::isDone, Duration.ofSeconds(1));
            final int socket = ((DgramBound) Await.result(bound).payload()).socketId();
            app.request("a.sock", new DgramSendTo(socket, B, 53, "query".getBytes(StandardCharsets.US_ASCII)));
            final CompletableFuture<Envelope> answer = app.request("a.sock", new DgramReceive(socket));
            rt.runFor(Duration.ofMillis(5));
            final IpOutbound out = (IpOutbound) ip.poll().payload();

            test.send("a.pf", Crashable.CRASH);
            rt.runUntil(() -> !rt.events().ofType(ServerRestarted.class).isEmpty(), Duration.ofSeconds(1));

            final UdpDatagram q = UdpDatagram.decode(out.payload(), out.source(), B).value();
            final byte[] seg = UdpDatagram.of(53, q.sourcePort(), "answer".getBytes(StandardCharsets.US_ASCII))
                .encode(B, out.source());
            final byte[] packet = Ipv4Packet.of(B, out.source(), IpProtocol.UDP, 1, 64, ByteBuffer.wrap(seg)).encode();
            ip.send("a.pf", new IpInbound(B, out.source(), IpProtocol.UDP, packet, 20));
            rt.runFor(Duration.ofMillis(5));

            final CompletableFuture<Envelope> pfStats = test.request("a.pf", new StatsQuery());
            rt.runUntil(pfStats::isDone, Duration.ofSeconds(1));
            final long blocked = ((Stats) Await.result(pfStats).payload()).get("blocked.in");
            if (answer.isDone()) {
                assertThat(new String(((Datagram) Await.result(answer).payload()).data(), StandardCharsets.US_ASCII))
                    .isEqualTo("answer");
                assertThat(blocked).isZero();
                return true;
            }
            assertThat(blocked).isEqualTo(1);
            return false;
        }
    }

    @Test
    void answerReachesTheApplicationWhenPfIsRestoredFromItsCheckpoint() {
        assertThat(answerArrivesAfterPfCrash(RecoveryPolicy.CHECKPOINT)).isTrue();
    }

    @Test
    void answerIsBlockedWhenPfRestartsFreshAndForgetsTheFlow() {
        assertThat(answerArrivesAfterPfCrash(RecoveryPolicy.FRESH)).isFalse();
    }
}
