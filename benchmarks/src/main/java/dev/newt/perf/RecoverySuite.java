package dev.newt.perf;

import dev.newt.core.event.ServerRestarted;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.Backoff;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.RestartIntensity;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Crashable;
import dev.newt.net.topology.Topology;
import dev.newt.net.workload.WorkloadSpecs;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * Crash-to-serving time of each server of host b while UDP echo traffic from host a flows through
 * it: each server is crashed on command repeatedly, and every restart's downtime (detection to the
 * new incarnation serving, as the {@code restarted} event gives it) is a sample. Back-off is off
 * and the restart intensity high, so the figure is the mechanism's own cost.
 */
final class RecoverySuite {
    /** Host b's servers, in the order of the stack. */
    static final List<String> SERVERS = List.of("nic", "ip", "pf", "udp", "tcp", "sock");

    private RecoverySuite() {
    }

    /**
     * @param crashes  crashes per server and policy
     * @param policies recovery policies to compare
     * @param executor the executor
     * @param progress where a line per server goes
     * @return p50 and p99 downtime per server and policy, in microseconds
     */
    static List<Figure> run(final int crashes, final List<RecoveryPolicy> policies,
                            final UnaryOperator<NewtRuntime.Builder> executor, final PrintStream progress) {
        final List<Figure> out = new ArrayList<>();
        for (RecoveryPolicy policy : policies) {
            for (String server : SERVERS) {
                final double[] us = downtimes("b." + server, policy, crashes, executor);
                Arrays.sort(us);
                final double p50 = us[(int) Math.ceil(0.50 * us.length) - 1];
                final double p99 = us[(int) Math.ceil(0.99 * us.length) - 1];
                progress.printf("  %-6s %-17s p50 %8.1f us  p99 %8.1f us  (%d restarts)%n", server, policy.label(),
                    p50, p99, us.length);
                out.add(new Figure("recovery", server + " " + policy.label() + " p50", p50, us[0], us[us.length - 1],
                    "us", "<= 1000"));
                out.add(new Figure("recovery", server + " " + policy.label() + " p99", p99, us[0], us[us.length - 1],
                    "us", ""));
            }
        }
        return out;
    }

    private static double[] downtimes(final String server, final RecoveryPolicy policy, final int crashes,
                                      final UnaryOperator<NewtRuntime.Builder> executor) {
        final Topology t = NewtBulk.twoHosts(1500)
            .configure(server, s -> {
                // checkpoint alone loses nothing only with a checkpoint after every message; the
                // other policies keep the server's own checkpoint interval.
                final ServerSpec<?> w = Crashable.wrap(s).withRecovery(policy).withBackoff(Backoff.NONE)
                    .withIntensity(new RestartIntensity(crashes + 1, Duration.ofMinutes(1)));
                return policy == RecoveryPolicy.CHECKPOINT ? w.withCheckpoints(CheckpointPolicy.EVERY_MESSAGE) : w;
            })
            .build();
        final NewtRuntime.Builder b = executor.apply(t.install(NewtRuntime.builder().seed(5)))
            .server(WorkloadSpecs.udpEchoServer(t.host("b"), 7))
            .server(WorkloadSpecs.udpEchoClient(t.host("a"), t.host("b").address(), 7, 1_000_000,
                Duration.ofMillis(1), 64, 5));
        final double[] us = new double[crashes];
        try (NewtRuntime rt = b.build()) {
            rt.start();
            final NewtClient c = rt.client("crasher");
            long epoch = 0;
            for (int i = 0; i < crashes; i++) {
                // Traffic flows between crashes, so each crash meets a server at work.
                LockSupport.parkNanos(2_000_000L);
                c.send(server, Crashable.CRASH);
                final long after = epoch;
                final ServerRestarted r = (ServerRestarted) rt.events().await(e -> e instanceof ServerRestarted x
                    && x.server().equals(server) && x.epoch() > after, Duration.ofSeconds(10));
                epoch = r.epoch();
                us[i] = r.downtimeNanos() / 1e3;
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(server + " was not restarted within 10 s of a crash", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return us;
    }
}
