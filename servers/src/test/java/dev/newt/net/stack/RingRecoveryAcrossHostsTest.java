package dev.newt.net.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Crashable;
import dev.newt.net.api.NewtServerSocket;
import dev.newt.net.api.NewtSocket;
import dev.newt.net.api.SocketKind;
import dev.newt.net.topology.Topology;
import dev.newt.net.wire.Ipv4Address;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 22's recovery claim on both socket kinds, through every server of two hosts on the
 * threaded executor ({@link NewtSocket} blocks its caller): a crash of a.tcp (or a.sock) in the
 * middle of a bulk transfer or an rpc run loses no byte and repeats none under checkpoint+replay
 * and checkpoint; under fresh the applications see an error, never a hang, and what arrived is an
 * exact prefix. The crash is sent by the receiving thread once a third of the bytes arrived.
 */
class RingRecoveryAcrossHostsTest {
    private static final int BULK = 1 << 20;
    private static final int RPCS = 150;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Ipv4Address B = Ipv4Address.parse("10.0.0.2");

    private ExecutorService threads;

    @BeforeEach
    void threads() {
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stop() throws Exception {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).as("no test thread left").isTrue();
    }

    static Stream<Arguments> cases() {
        return Stream.of(SocketKind.values()).flatMap(k -> Stream.of(
            Arguments.of(k, "a.tcp", RecoveryPolicy.CHECKPOINT_REPLAY),
            Arguments.of(k, "a.tcp", RecoveryPolicy.CHECKPOINT),
            Arguments.of(k, "a.tcp", RecoveryPolicy.FRESH),
            Arguments.of(k, "a.sock", RecoveryPolicy.CHECKPOINT_REPLAY)));
    }

    private static NewtRuntime runtime(final String crashed, final RecoveryPolicy policy) {
        final UnaryOperator<ServerSpec<?>> settings = crashed.endsWith(".tcp")
            ? s -> Crashable.wrap(s).withRecovery(policy).withCheckpoints(policy == RecoveryPolicy.CHECKPOINT
                ? CheckpointPolicy.EVERY_MESSAGE : CheckpointPolicy.everyMessages(64))
            : s -> Crashable.wrap(s);
        final Topology t = Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24")
            .wire("a", "b", w -> w.latency(Duration.ofMillis(1)))
            .configure(crashed, settings).build();
        final NewtRuntime rt = t.install(NewtRuntime.builder().seed(22).threaded("backoff")).build();
        rt.start();
        return rt;
    }

    static byte[] pattern(final int n) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 9));
        }
        return b;
    }

    @ParameterizedTest(name = "{0}: crash of {1} under {2}")
    @MethodSource("cases")
    void bulk(final SocketKind kind, final String crashed, final RecoveryPolicy policy) throws Exception {
        final byte[] data = pattern(BULK);
        try (NewtRuntime rt = runtime(crashed, policy); NewtServerSocket server = NewtServerSocket.listen(rt, "b", 80)) {
            server.setSocketKind(kind);
            final Future<byte[]> got = threads.submit(() -> {
                final byte[] in = new byte[BULK];
                int at = 0;
                try (NewtSocket s = server.accept(WAIT)) {
                    s.setSoTimeout(WAIT);
                    final InputStream is = s.getInputStream();
                    boolean crashSent = false;
                    while (at < BULK) {
                        final int n = is.read(in, at, BULK - at);
                        if (n < 0) {
                            break;
                        }
                        at += n;
                        if (!crashSent && at > BULK / 3) {
                            crashSent = rt.client("fault").send(crashed, Crashable.CRASH);
                        }
                    }
                } catch (IOException e) {
                    // fresh: the connection is gone; what arrived is checked below
                }
                return Arrays.copyOf(in, at);
            });
            Exception sendFailure = null;
            try (NewtSocket c = NewtSocket.connect(rt, "a", B, 80, WAIT, kind)) {
                c.setWriteTimeout(WAIT);
                for (int at = 0; at < BULK; at += 8192) {
                    c.getOutputStream().write(data, at, Math.min(8192, BULK - at));
                }
                c.shutdownOutput();
            } catch (IOException e) {
                sendFailure = e;
            }
            final byte[] received = got.get(60, TimeUnit.SECONDS);
            assertThat(rt.events().ofType(ServerRestarted.class)).extracting(ServerRestarted::server).contains(crashed);
            assertThat(Arrays.equals(received, 0, received.length, data, 0, received.length))
                .as("what arrived is the sender's bytes in order").isTrue();
            if (policy == RecoveryPolicy.FRESH) {
                assertThat(received.length).as("a fresh tcp forgot the connection").isLessThan(BULK);
            } else {
                assertThat(sendFailure).isNull();
                assertThat(received.length).isEqualTo(BULK);
            }
        }
    }

    @ParameterizedTest(name = "{0}: crash of {1} under {2}")
    @MethodSource("cases")
    void rpc(final SocketKind kind, final String crashed, final RecoveryPolicy policy) throws Exception {
        try (NewtRuntime rt = runtime(crashed, policy); NewtServerSocket server = NewtServerSocket.listen(rt, "b", 80)) {
            server.setSocketKind(kind);
            threads.submit(() -> {
                try (NewtSocket s = server.accept(WAIT)) {
                    s.setSoTimeout(WAIT);
                    final DataInputStream in = new DataInputStream(s.getInputStream());
                    final byte[] req = new byte[100];
                    while (true) {
                        in.readFully(req);
                        for (int i = 0; i < req.length; i++) {
                            req[i] = (byte) ~req[i];
                        }
                        s.getOutputStream().write(req);
                    }
                } catch (IOException e) {
                    return null;
                }
            });
            int answered = 0;
            IOException failure = null;
            try (NewtSocket c = NewtSocket.connect(rt, "a", B, 80, WAIT, kind)) {
                c.setSoTimeout(WAIT);
                final DataInputStream in = new DataInputStream(c.getInputStream());
                final byte[] data = pattern(100 * RPCS);
                for (int r = 0; r < RPCS; r++) {
                    if (r == RPCS / 3) {
                        rt.client("fault").send(crashed, Crashable.CRASH);
                    }
                    c.getOutputStream().write(data, r * 100, 100);
                    final byte[] answer = new byte[100];
                    in.readFully(answer);
                    for (int i = 0; i < 100; i++) {
                        assertThat(answer[i]).as("answer %d byte %d", r, i).isEqualTo((byte) ~data[r * 100 + i]);
                    }
                    answered++;
                }
            } catch (IOException e) {
                failure = e;
            }
            assertThat(rt.events().ofType(ServerRestarted.class)).extracting(ServerRestarted::server).contains(crashed);
            if (policy == RecoveryPolicy.FRESH) {
                assertThat(failure).as("a fresh tcp forgot the connection").isNotNull();
                assertThat(answered).isLessThan(RPCS);
            } else {
                assertThat(failure).isNull();
                assertThat(answered).isEqualTo(RPCS);
            }
        }
    }
}
