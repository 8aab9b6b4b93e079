package dev.newt.bench;

import dev.newt.bench.sink.CountingSink;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.runtime.NewtClient;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.CheckpointPolicy;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSpec;
import dev.newt.faults.Trigger;
import dev.newt.faults.inject.FaultInjector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The fault injector's cost while disarmed: one-way message throughput into a server loaded from an
 * image, with every method of the server woven with fault sites that are never armed, against the
 * same server loaded from an image without weaving. Both run on the threaded executor with the
 * same settings as the message-hop benchmark; the target is at most 2% overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InjectorOverheadBenchmark {
    private static final int BATCH = 1000;

    @Param({"plain", "woven-disarmed"})
    public String image;

    private NewtRuntime rt;
    private NewtClient client;
    private final AtomicLong handled = new AtomicLong();
    private long sent;

    @Setup(Level.Trial)
    public void setUp() {
        final ServerImage base = ServerImage.of("sink", CountingSink.class);
        final ServerImage loaded;
        if ("woven-disarmed".equals(image)) {
            // A fault of several types on every method of the sink, woven but never installed: disarmed.
            final FaultInjector faults = FaultInjector.of(FaultPlan.of(1,
                FaultSpec.builder("crash").site("sink", "*", "*").type("crash").trigger(Trigger.nth(1)).build(),
                FaultSpec.builder("drop").site("sink", "*", "handle").type("drop-message").trigger(Trigger.nth(1))
                    .build(),
                FaultSpec.builder("corrupt").site("sink", "*", "handle").type("corrupt-state")
                    .trigger(Trigger.nth(1)).build()));
            loaded = faults.weave("sink", base);
        } else {
            loaded = base;
        }
        rt = NewtRuntime.builder().threaded("spin")
            .server(ImageSpecs.spec("sink", loaded, CountingSink.class.getName(),
                CountingSink.State.class.getName(), handled)
                .withCheckpoints(CheckpointPolicy.ON_REQUEST).withRecovery(RecoveryPolicy.FRESH)
                .withMailboxCapacity(Hop.CAPACITY))
            .build();
        Hop.start(rt);
        client = rt.client("bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Hop.close(rt);
    }

    /** @return messages handled, so JMH keeps the work */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long oneWay() {
        for (int i = 0; i < BATCH; i++) {
            while (!client.send("sink", Hop.PING)) {
                Thread.onSpinWait();
            }
        }
        sent += BATCH;
        while (handled.get() < sent) {
            Thread.onSpinWait();
        }
        return sent;
    }
}
