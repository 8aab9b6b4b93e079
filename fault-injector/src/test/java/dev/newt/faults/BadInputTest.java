package dev.newt.faults;

import static dev.newt.faults.Fixture.fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.faults.inject.FaultInjector;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad plans fail before the run, with errors that name the fault and what is wrong. */
class BadInputTest {

    private static Map<String, Object> crashFault() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", "f1");
        m.put("server", "counter");
        m.put("class", "*.Counter");
        m.put("method", "handle");
        m.put("type", "crash");
        m.put("trigger", Map.of("nth", 3));
        return m;
    }

    private static Map<String, Object> with(final String key, final Object value) {
        final Map<String, Object> m = crashFault();
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }

    @Test
    void aSiteThatMatchesNoClassNamesTheFaultAndListsTheImagesClasses() {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(1, FaultSpec.builder("f1")
            .site("counter", "*.Countr", "handle").type("crash").trigger(Trigger.nth(1)).build()));
        assertThatThrownBy(() -> faults.weave("counter", Fixture.image()))
            .isInstanceOf(FaultSpecException.class)
            .hasMessageStartingWith("fault 'f1': site counter:*.Countr#handle matches nothing in image 'test-servers'"
                + " of server 'counter': no class of the image matches '*.Countr'; its classes: ")
            .hasMessageContaining(Fixture.COUNTER);
    }

    @Test
    void aSiteThatMatchesNoMethodListsTheMethodsOfTheClassesItMatched() {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(1, fault("f1", "crash", "hadle", Trigger.nth(1))
            .build()));
        assertThatThrownBy(() -> faults.weave("counter", Fixture.image()))
            .hasMessageContaining("fault 'f1': site counter:*.Counter#hadle matches nothing")
            .hasMessageContaining("have no method matching 'hadle'; their methods: handle(")
            .hasMessageContaining("step()J");
    }

    @Test
    void aFaultWhoseServerIsNeverWovenFailsAtInstall() {
        final FaultInjector faults = FaultInjector.of(FaultPlan.of(1, FaultSpec.builder("f1")
            .site("countr", "*.Counter", "handle").type("crash").trigger(Trigger.nth(1)).build()));
        final var spec = faults.spec("counter", Fixture.image(), Fixture.COUNTER, Fixture.COUNTER + "$State");
        try (NewtRuntime rt = NewtRuntime.builder().server(spec).build()) {
            assertThatThrownBy(() -> faults.install(rt))
                .hasMessage("fault 'f1': site countr:*.Counter#handle names no server an image was woven for"
                    + " (woven: [])");
        }
    }

    @Test
    void aTypeThatCannotActAtTheSelectedMethodsSaysWhy() {
        assertThatThrownBy(() -> FaultInjector.of(FaultPlan.of(1, fault("f1", "wrong-return", "audit",
            Trigger.nth(1)).param("mode", "off-by-one").build())).weave("counter", Fixture.image()))
            .hasMessageContaining("fault 'f1': a wrong-return fault cannot act at any method its site")
            .hasMessageContaining("which off-by-one cannot change");
        assertThatThrownBy(() -> FaultInjector.of(FaultPlan.of(1, fault("f2", "drop-message", "step",
            Trigger.nth(1)).build())).weave("counter", Fixture.image()))
            .hasMessageContaining("fault 'f2': a drop-message fault cannot act")
            .hasMessageContaining("Counter#step()J takes no Envelope");
        assertThatThrownBy(() -> FaultInjector.of(FaultPlan.of(1, fault("f3", "crash", "handle", Trigger.nth(1))
            .param("exception", "java.lang.String").build())).weave("counter", Fixture.image()))
            .hasMessage("fault 'f3': field 'exception' must name a Throwable, was java.lang.String");
        assertThatThrownBy(() -> FaultInjector.of(FaultPlan.of(1, fault("f4", "crash", "handle", Trigger.nth(1))
            .param("exception", "no.Such").build())).weave("counter", Fixture.image()))
            .hasMessage("fault 'f4': field 'exception' names class no.Such, which image 'test-servers' cannot load");
    }

    @Test
    void anUnknownFaultTypeListsTheKnownOnes() {
        assertThatThrownBy(() -> FaultSpec.fromMap(with("type", "explode")))
            .hasMessage("fault 'f1': unknown fault type 'explode'; known: crash, hang, delay, corrupt-state, "
                + "corrupt-message, drop-message, duplicate-message, wrong-return, flip-comparison, leak");
    }

    @Test
    void missingFieldsAreNamed() {
        assertThatThrownBy(() -> FaultSpec.fromMap(with("server", null)))
            .hasMessage("fault 'f1': missing field 'server'");
        assertThatThrownBy(() -> FaultSpec.fromMap(with("trigger", null)))
            .hasMessage("fault 'f1': missing field 'trigger'");
        assertThatThrownBy(() -> FaultSpec.fromMap(with("type", "delay")))
            .hasMessage("fault 'f1': missing field 'delay' (fault type delay)");
        assertThatThrownBy(() -> FaultSpec.fromMap(with("trigger", Map.of("persistent", true))))
            .hasMessage("fault 'f1': missing field 'trigger.nth', 'trigger.every', 'trigger.probability' or "
                + "'trigger.always'");
        assertThatThrownBy(() -> FaultSpec.fromMap(with("id", null))).hasMessageStartingWith("a fault has no field 'id'");
    }

    @Test
    void typeMismatchesNameTheFieldTheValueAndWhatWasWanted() {
        assertThatThrownBy(() -> FaultSpec.fromMap(with("trigger", Map.of("nth", "three"))))
            .hasMessage("fault 'f1': field 'trigger.nth' must be an integer >= 1, was \"three\" (String)");
        final Map<String, Object> delay = with("type", "delay");
        delay.put("delay", 5);
        assertThatThrownBy(() -> FaultSpec.fromMap(delay))
            .hasMessage("fault 'f1': field 'delay' must be a duration such as 10ms, 250us, 2s or PT0.5S, was 5 (Integer)");
        assertThatThrownBy(() -> FaultSpec.fromMap(with("at", "middle")))
            .hasMessage("fault 'f1': field 'at' must be one of entry, exit, was \"middle\" (String)");
        assertThatThrownBy(() -> FaultSpec.fromMap(with("bytes", 12)))
            .hasMessage("fault 'f1': unknown field 'bytes' for fault type crash; it takes: exception, message, at");
        assertThatThrownBy(() -> FaultSpec.fromMap(with("trigger", Map.of("probability", 1.5))))
            .hasMessage("fault 'f1': trigger probability must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> FaultSpec.fromMap(with("trigger", Map.of("nth", 1, "every", 2))))
            .hasMessageContaining("trigger has more than one of");
    }

    @Test
    void twoFaultsWithOneIdAreRefused() {
        final FaultSpec f = FaultSpec.fromMap(crashFault());
        assertThatThrownBy(() -> FaultPlan.of(1, f, f)).hasMessage("fault 'f1': the plan has two faults with this id");
    }

    @Test
    void aPlanReadsFromJsonWithEveryTriggerField() {
        final FaultPlan plan = FaultPlan.fromJson("""
            {"seed": 7, "faults": [
              {"id": "slow-ip", "server": "*.ip", "class": "dev.newt.net.ip.IpServer", "method": "handle",
               "type": "delay", "delay": "250us", "jitter": "PT0.001S",
               "trigger": {"probability": 0.25, "from": "1s", "to": "2s", "after": {"kind": "restarted", "server": "a.ip"},
                           "until": "update-finished", "persistent": true}}]}""");
        assertThat(plan.seed()).isEqualTo(7);
        final FaultSpec f = plan.faults().get(0);
        assertThat(f.type()).isEqualTo(FaultType.DELAY);
        assertThat(f.params()).containsEntry("delay", Duration.ofNanos(250_000)).containsEntry("at", "entry");
        assertThat(f.trigger()).isEqualTo(Trigger.probability(0.25).persistently()
            .between(Duration.ofSeconds(1), Duration.ofSeconds(2)).after(new EventMatch("restarted", "a.ip"))
            .until("update-finished"));
        assertThatThrownBy(() -> FaultPlan.fromJson("{\"seed\": 1, \"faults\": [")).hasMessageStartingWith(
            "fault plan: malformed JSON");
        assertThat(FaultType.CORRUPT_STATE.parameterNames()).isEqualTo(List.of("mode", "field", "argument", "at"));
    }
}
