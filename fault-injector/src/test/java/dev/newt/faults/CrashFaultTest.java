package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.EventKinds;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A crash fault throws from the woven method; the supervisor sees a crash and restarts the server. */
class CrashFaultTest {

    @Test
    void crashAtEntryOfTheThirdCallIsACrashThatTheSupervisorRecoversFrom() {
        try (Fixture f = Fixture.counter(FaultPlan.of(7, fault("crash-3", "crash", "handle", Trigger.nth(3))
            .param("exception", IllegalStateException.class.getName()).param("message", "boom").build()))) {
            f.send("inc");
            f.send("inc");
            f.send("inc");
            f.send("inc");
            f.run(Duration.ofMillis(5));
            assertThat(f.rt.events().ofType(ServerCrashed.class)).singleElement().satisfies(c -> {
                assertThat(c.error()).isEqualTo(IllegalStateException.class.getName());
                assertThat(c.message()).isEqualTo("boom");
            });
            assertThat(f.rt.events().ofType(ServerRestarted.class)).hasSize(1);
            // The third inc crashed before it counted and was not retried: the checkpoint held 2.
            assertThat(f.ask("get")).isEqualTo(3L);
            assertThat(f.activations()).singleElement().satisfies(a -> {
                assertThat(a).containsEntry("fault", "crash-3").containsEntry("type", "crash")
                    .containsEntry("site", "Counter#handle(Ldev/newt/core/server/ServerContext;"
                        + "Ldev/newt/faults/testservers/Counter$State;Ldev/newt/core/message/Envelope;)"
                        + "Ldev/newt/faults/testservers/Counter$State;")
                    .containsEntry("call", 3L).containsEntry("epoch", 1L).containsEntry("at", "entry")
                    .containsEntry("exception", IllegalStateException.class.getName());
            });
            assertThat(f.events(EventKinds.FAULT_DISARMED)).singleElement()
                .satisfies(e -> assertThat(e.fields()).containsEntry("reason", "fired once"));
        }
    }
}
