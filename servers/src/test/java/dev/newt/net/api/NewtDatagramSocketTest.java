package dev.newt.net.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.exec.ThreadedExecutor;
import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostConfig;
import dev.newt.net.msg.IpInbound;
import dev.newt.net.msg.IpOutbound;
import dev.newt.net.pf.PfAction;
import dev.newt.net.pf.PfRules;
import dev.newt.net.sock.SockServer;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.UdpDatagram;
import java.io.IOException;
import java.net.BindException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The socket API on the threaded executor, against the real pf, udp and sock of host {@code a}
 * (pf: default deny, {@code allow out udp}), with {@code a.ip} impersonated by a thread that sends
 * every outbound datagram straight back, addresses and ports swapped, as if 10.0.0.2 echoed it.
 */
class NewtDatagramSocketTest {
    static final HostConfig HOST = HostConfig.of("a", "10.0.0.1/24", "lan");
    static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    private NewtRuntime rt;
    private Thread reflector;
    private volatile boolean reflecting = true;
    private final AtomicLong reflected = new AtomicLong();

    @BeforeEach
    void start() {
        final NewtRuntime.Builder b = NewtRuntime.builder().threaded("park");
        for (ServerSpec<?> spec : TransportStack.specs(HOST, PfRules.of(PfAction.DENY, "allow out udp"))) {
            b.server(spec);
        }
        rt = b.build();
        rt.start();
        final NewtClient ip = rt.client("a.ip");
        reflector = new Thread(() -> reflect(ip), "test-ip-reflector");
        reflector.start();
    }

    /** Turns every IpOutbound into the IpInbound its destination would answer with. */
    private void reflect(final NewtClient ip) {
        int id = 0;
        while (reflecting) {
            final Envelope e;
            try {
                e = ip.poll(Duration.ofMillis(10));
            } catch (InterruptedException ie) {
                return;
            }
            if (e == null || !(e.payload() instanceof IpOutbound out)) {
                continue;
            }
            final UdpDatagram d = UdpDatagram.decode(out.payload(), out.source(), out.destination()).value();
            final byte[] seg = new UdpDatagram(d.destinationPort(), d.sourcePort(), d.payload())
                .encode(out.destination(), out.source());
            final byte[] packet = Ipv4Packet.of(out.destination(), out.source(), IpProtocol.UDP, ++id, 64,
                ByteBuffer.wrap(seg)).encode();
            ip.send("a.pf", new IpInbound(out.destination(), out.source(), IpProtocol.UDP, packet, 20));
            reflected.incrementAndGet();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        reflecting = false;
        reflector.join(5_000);
        rt.close();
        assertThat(reflector.isAlive()).isFalse();
        assertThat(((ThreadedExecutor) rt.executor()).unstoppedThreads()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
            .map(Thread::getName).filter(n -> n.startsWith("newt-"))).isEmpty();
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void datagramsSentComeBackThroughTheWholeStack() throws IOException {
        try (NewtDatagramSocket s = NewtDatagramSocket.bind(rt, "a", 0)) {
            assertThat(s.localPort()).isEqualTo(49152);
            final byte[] buf = ascii("hello");
            s.send(B, 7, buf);
            buf[0] = 'J'; // the socket copied the data: reusing the buffer at once is safe
            final ReceivedDatagram d = s.receive(Duration.ofSeconds(5));
            assertThat(d.source()).isEqualTo(B);
            assertThat(d.sourcePort()).isEqualTo(7);
            assertThat(new String(d.data(), StandardCharsets.US_ASCII)).isEqualTo("hello");

            for (int i = 0; i < 20; i++) {
                s.send(B, 7, ascii("n" + i));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(new String(s.receive(Duration.ofSeconds(5)).data(), StandardCharsets.US_ASCII))
                    .isEqualTo("n" + i);
            }
        }
        assertThat(reflected.get()).isEqualTo(21);
    }

    @Test
    void receiveTimesOutWithoutLosingTheNextDatagram() throws Exception {
        try (NewtDatagramSocket s = NewtDatagramSocket.bind(rt, "a", 5000)) {
            assertThatThrownBy(() -> s.receive(Duration.ofMillis(50)))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessageContaining("socket 1 (port 5000) of a.sock");
            s.send(B, 9, ascii("late"));
            assertThat(new String(s.receive(Duration.ofSeconds(5)).data(), StandardCharsets.US_ASCII))
                .isEqualTo("late");
        }
    }

    @Test
    void refusalsBecomeExceptionsNamingTheSocket() throws Exception {
        final NewtDatagramSocket s = NewtDatagramSocket.bind(rt, "a", 5353);
        assertThatThrownBy(() -> NewtDatagramSocket.bind(rt, "a", 5353))
            .isInstanceOf(BindException.class)
            .hasMessageContaining("port 5353").hasMessageContaining("ADDRESS_IN_USE");
        assertThatThrownBy(() -> s.send(B, 7, new byte[1473]))
            .isInstanceOf(SocketException.class)
            .hasMessageContaining("MESSAGE_TOO_LONG").hasMessageContaining("socket 1 (port 5353)");
        assertThatThrownBy(() -> NewtDatagramSocket.bind(rt, "nohost", 0)).isInstanceOf(UnknownHostException.class);
        s.close();
        s.close();
        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(() -> s.send(B, 7, new byte[1])).isInstanceOf(SocketException.class)
            .hasMessageContaining("is closed");
        try (NewtDatagramSocket again = NewtDatagramSocket.bind(rt, "a", 5353)) {
            assertThat(again.localPort()).as("the port is free once closed").isEqualTo(5353);
        }
    }

    @Test
    void closeFromAnotherThreadEndsAReceiveUnderWay() throws Exception {
        final NewtDatagramSocket s = NewtDatagramSocket.bind(rt, "a", 0);
        final Thread closer = new Thread(() -> {
            // Wait until sock's checkpoint holds the receive, so that it is the close that ends it.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!receiveWaitingAtSock() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            s.close();
        }, "test-closer");
        closer.start();
        assertThatThrownBy(() -> s.receive(Duration.ofSeconds(10)))
            .isInstanceOf(SocketException.class)
            .hasMessage("cannot receive on socket 1 (port 49152) of a.sock: CLOSED: socket 1 (port 49152) was closed");
        closer.join(5_000);
        assertThat(closer.isAlive()).isFalse();
    }

    private boolean receiveWaitingAtSock() {
        return rt.checkpointedState("a.sock", SockServer.State.class).sockets.values().stream()
            .anyMatch(x -> !x.waiting.isEmpty());
    }
}
