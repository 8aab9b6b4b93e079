package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventJson;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.testing.Await;
import dev.newt.faults.inject.FaultInjector;
import dev.newt.faults.testabi.Add;
import dev.newt.faults.testabi.Note;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A woven site that is not armed, or no longer armed, changes nothing the server does. */
class WovenDisarmedTest {
    /** One fault of every type on every method of the counter: everything woven. */
    private static FaultPlan everythingEverywhere() {
        return FaultPlan.of(1,
            fault("crash", "crash", "*", Trigger.always()).build(),
            fault("delay", "delay", "*", Trigger.always()).param("delay", "1ms").build(),
            fault("state", "corrupt-state", "handle", Trigger.always()).build(),
            fault("msg", "corrupt-message", "handle", Trigger.always()).build(),
            fault("drop", "drop-message", "handle", Trigger.always()).build(),
            fault("dup", "duplicate-message", "handle", Trigger.always()).build(),
            fault("ret", "wrong-return", "step", Trigger.always()).build(),
            fault("leak", "leak", "*", Trigger.always()).build());
    }

    /** Runs a workload; returns its events without the fault-* ones, its last checkpoint and its answer. */
    private static List<String> workload(final ServerSpec<Object> spec, final FaultInjector armOrNot) {
        try (NewtRuntime rt = NewtRuntime.builder().seed(5).server(spec).build()) {
            if (armOrNot != null) {
                armOrNot.install(rt);
                // Disarm at once: the sites stay woven, the registry holds nothing for them.
                armOrNot.plan().faults().forEach(f -> armOrNot.disarm(f.id()));
            }
            rt.start();
            final var c = rt.client("test");
            for (int i = 0; i < 50; i++) {
                c.send("counter", i == 25 ? "unknown: a crash" : i % 3 == 0 ? new Add(i)
                    : i % 7 == 0 ? new Note("n" + i, List.of()) : "inc");
            }
            rt.runFor(Duration.ofMillis(10));
            final var get = c.request("counter", "get");
            rt.runUntil(get::isDone, Duration.ofSeconds(1));
            final List<String> out = new ArrayList<>(rt.events().snapshot().stream()
                .filter(e -> !(e instanceof CustomEvent ce && ce.kind().startsWith("fault-")))
                .map(EventJson::toLine).toList());
            out.add("checkpoint " + java.util.HexFormat.of().formatHex(rt.store().latest("counter").orElseThrow().state()));
            out.add("get " + Await.result(get).payload());
            return out;
        }
    }

    @Test
    void aWovenButDisarmedServerBehavesExactlyAsTheUnwovenOne() {
        final ServerSpec<Object> plain = ImageSpecs.spec("counter", Fixture.image(), Fixture.COUNTER,
            Fixture.COUNTER + "$State");
        final FaultInjector faults = FaultInjector.of(everythingEverywhere());
        final ServerSpec<Object> woven = faults.spec("counter", Fixture.image(), Fixture.COUNTER,
            Fixture.COUNTER + "$State");
        final List<String> expected = workload(plain, null);
        assertThat(expected).anySatisfy(l -> assertThat(l).contains("\"type\":\"crashed\""))
            .anySatisfy(l -> assertThat(l).contains("\"type\":\"restarted\"")).last().asString().startsWith("get ");
        assertThat(workload(woven, null)).isEqualTo(expected);
        assertThat(workload(woven, faults)).isEqualTo(expected);
        faults.finish();
    }

    @Test
    void afterFinishTheSitesAreDisarmedAndCountNothing() {
        try (Fixture f = Fixture.counter(FaultPlan.of(1, fault("drop", "drop-message", "handle",
            Trigger.always().persistently()).build()))) {
            f.send("inc");
            f.run(Duration.ofMillis(1));
            assertThat(f.faults.finish()).singleElement().satisfies(s -> assertThat(s.calls()).isEqualTo(1));
            f.send("inc");
            assertThat(f.ask("get")).isEqualTo(1L);
            assertThat(f.activations()).hasSize(1);
        }
    }

    @Test
    void theWovenClassesAreTheImagesOwnAndTheUnwovenOnesUntouched() {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(1, fault("c", "crash", "step", Trigger.nth(1))
            .build()));
        final var image = Fixture.image();
        final var woven = faults.weave("counter", image);
        assertThat(woven).isNotSameAs(image);
        assertThat(woven.loadClass(Fixture.COUNTER).getClassLoader()).isSameAs(woven.loader());
        assertThat(faults.weave("other-server", image)).isSameAs(image);
    }
}
