package dev.newt.net.workload;

import static dev.newt.net.workload.StreamRuns.figure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.msg.SocketError;
import dev.newt.net.msg.StreamAccept;
import dev.newt.net.msg.StreamAccepted;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamListen;
import dev.newt.net.msg.StreamListening;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.wire.Ipv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bulk receiver's accounting, with its sock played by the test (a client named
 * {@code s.sock}) so that corrupted, surplus and reset streams can be made to order.
 */
class BulkReceiverTest {
    private static final long SEED = 42;
    private NewtRuntime rt;
    private NewtClient sock;

    @BeforeEach
    void start() {
        final BulkReceiver.Config cfg = new BulkReceiver.Config("s.sock", 5001, 1500, SEED, 1000, 2,
            Duration.ofMillis(100), Duration.ofSeconds(10));
        rt = NewtRuntime.builder().seed(1).server(ServerSpec.of("r", BulkReceiver.State.class,
            () -> new BulkReceiver(cfg), BulkReceiver.State::new)).build();
        rt.start();
        sock = rt.client("s.sock");
        final Envelope listen = next();
        assertThat(listen.payload()).isEqualTo(new StreamListen(5001, 1));
        sock.reply(listen, new StreamListening(1, 5001));
        final Envelope accept = next();
        assertThat(accept.payload()).isEqualTo(new StreamAccept(1));
        sock.reply(accept, new StreamAccepted(2, Ipv4Address.parse("10.0.0.1"), 49152, 5001));
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    private Envelope next() {
        rt.runFor(Duration.ofMillis(1));
        final Envelope e = sock.poll();
        assertThat(e).isNotNull();
        return e;
    }

    private Envelope nextReceive() {
        final Envelope e = next();
        assertThat(e.payload()).isEqualTo(new StreamReceive(2, 1000));
        return e;
    }

    private Map<String, Object> summary() {
        rt.runFor(Duration.ofMillis(1));
        final Map<String, Object> s = StreamRuns.summary(rt, "r");
        assertThat(s).as("the receiver finished").isNotNull();
        return s;
    }

    @Test
    void aFlippedByteAndSurplusBytesAreCountedWithTheFirstBadOffset() {
        final Envelope r1 = nextReceive();
        final Envelope r2 = nextReceive();
        sock.reply(r1, new StreamData(StreamPattern.make(SEED, 0, 1000), false));
        final byte[] second = StreamPattern.make(SEED, 1000, 500);
        second[200] ^= 0x10;
        sock.reply(r2, new StreamData(second, false));
        final Envelope r3 = nextReceive();
        final Envelope r4 = nextReceive();
        sock.reply(r3, new StreamData(new byte[10], false));
        sock.reply(r4, new StreamData(new byte[0], true));
        final Map<String, Object> s = summary();
        assertThat(figure(s, "bytesReceived")).isEqualTo(1510);
        assertThat(figure(s, "bytesCorrupted")).isEqualTo(11);
        assertThat(figure(s, "firstBadOffset")).isEqualTo(1200);
        assertThat(s.get("eof")).isEqualTo(true);
        assertThat(s.get("complete")).as("10 bytes too many").isEqualTo(false);
        final List<Object> after = new ArrayList<>();
        for (Envelope e = sock.poll(); e != null; e = sock.poll()) {
            after.add(e.payload());
        }
        // The receive that followed the surplus bytes, then the connection and the listener closed.
        assertThat(after).containsExactly(new StreamReceive(2, 1000), new StreamClose(2, false),
            new StreamClose(1, false));
    }

    @Test
    void anIntactStreamEndingEarlyIsIncompleteButNotCorrupted() {
        final Envelope r1 = nextReceive();
        final Envelope r2 = nextReceive();
        sock.reply(r1, new StreamData(StreamPattern.make(SEED, 0, 1000), false));
        sock.reply(r2, new StreamData(StreamPattern.make(SEED, 1000, 499), true));
        final Map<String, Object> s = summary();
        assertThat(figure(s, "bytesReceived")).isEqualTo(1499);
        assertThat(figure(s, "bytesCorrupted")).isZero();
        assertThat(figure(s, "firstBadOffset")).isEqualTo(-1);
        assertThat(s.get("complete")).isEqualTo(false);
    }

    @Test
    void aResetEndsTheRunWithTheErrorCountedAndTheConnectionAborted() {
        final Envelope r1 = nextReceive();
        nextReceive();
        sock.reply(r1, new SocketError("RESET", "connection 2 was reset"));
        final Map<String, Object> s = summary();
        assertThat(s.get("errors")).isEqualTo(Map.of("RESET", 1L));
        assertThat(s.get("eof")).isEqualTo(false);
        assertThat(s.get("complete")).isEqualTo(false);
        rt.runFor(Duration.ofMillis(1));
        assertThat(sock.poll().payload()).isEqualTo(new StreamClose(2, true));
    }
}
