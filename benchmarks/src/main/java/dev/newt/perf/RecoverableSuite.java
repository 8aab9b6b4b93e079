package dev.newt.perf;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.ServerSpec;
import dev.newt.net.host.HostNames;
import dev.newt.net.topology.Topology;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The cost of recoverable TCP: the stack suite's multiserver bulk transfer with tcp and sock as
 * they ship (checkpoint+replay, a checkpoint every 64 messages) against the same with tcp and sock
 * taking no checkpoint but the one at start and recovering {@code fresh} (no replay log either),
 * in interleaved rounds. A third configuration takes the checkpoints away from every server of
 * both hosts (nic, ip, pf, udp and the two workloads checkpoint after every message by default),
 * to show what the other servers' checkpoints cost beside tcp's and sock's.
 */
final class RecoverableSuite {
    private static final long SEED = 13;
    private static final List<String> LAYERS = List.of(HostNames.NIC, HostNames.IP, HostNames.PF, HostNames.UDP);

    private RecoverableSuite() {
    }

    private static ServerSpec<?> bare(final ServerSpec<?> s) {
        return s.withCheckpoints(CheckpointPolicy.ON_REQUEST).withRecovery(RecoveryPolicy.FRESH);
    }

    private static Topology.Builder noCheckpoints(final Topology.Builder t, final List<String> servers) {
        for (String host : List.of("a", "b")) {
            for (String s : servers) {
                t.configure(host + "." + s, RecoverableSuite::bare);
            }
        }
        return t;
    }

    /**
     * @param bytes    bytes per transfer
     * @param rounds   measured rounds
     * @param executor the executor
     * @param progress where a line per transfer goes
     * @return throughputs and the ratio the issue sets a target for
     */
    static List<Figure> run(final long bytes, final int rounds, final UnaryOperator<NewtRuntime.Builder> executor,
                            final PrintStream progress) {
        final List<String> tcpSock = List.of(HostNames.TCP, HostNames.SOCK);
        final List<String> everyLayer = new ArrayList<>(LAYERS);
        everyLayer.addAll(tcpSock);
        final Map<String, double[]> r = new Rounds()
            .add("checkpoint+replay", () -> NewtBulk.run("checkpoint+replay", NewtBulk.twoHosts(StackSuite.MTU), bytes,
                SEED, executor, rt -> { }, rt -> { }))
            .add("tcp+sock bare", () -> NewtBulk.run("tcp+sock bare", noCheckpoints(NewtBulk.twoHosts(StackSuite.MTU),
                tcpSock), bytes, SEED, executor, rt -> { }, rt -> { }))
            .add("all bare", () -> NewtBulk.run("all bare", noCheckpoints(NewtBulk.twoHosts(StackSuite.MTU),
                everyLayer), RecoverableSuite::bare, bytes, SEED, executor, rt -> { }, rt -> { }))
            .run(rounds, progress);
        final List<Figure> out = new ArrayList<>();
        r.forEach((k, v) -> out.add(Figure.of("recoverable", "bulk " + k, v, "MB/s", "")));
        out.add(Figure.of("recoverable", "checkpoint+replay/tcp+sock bare",
            Rounds.ratios(r.get("checkpoint+replay"), r.get("tcp+sock bare")), "x", ">= 0.9"));
        out.add(Figure.of("recoverable", "checkpoint+replay/all bare",
            Rounds.ratios(r.get("checkpoint+replay"), r.get("all bare")), "x", ""));
        return out;
    }
}
