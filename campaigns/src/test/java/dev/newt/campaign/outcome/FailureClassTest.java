package dev.newt.campaign.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.results.Outcome;
import org.junit.jupiter.api.Test;

/** A failing run's class names its outcome and the check that failed, without the run's own figures. */
class FailureClassTest {
    @Test
    void eachRuleThatFailsARunIsItsOwnClass() {
        assertThat(FailureClass.of(Outcome.FAILED, "the supervisor gave up on b.tcp")).isEqualTo(
            "failed: gave up on b.tcp");
        assertThat(FailureClass.of(Outcome.FAILED, "the fault did not fire (3 calls of its sites), yet workload "
            + "a.app.rpc-client did not finish within the campaign's duration")).isEqualTo(
            "failed: workload did not finish");
        assertThat(FailureClass.of(Outcome.FAILED, "crashed b.ip and was never restarted")).isEqualTo(
            "failed: never restarted");
        assertThat(FailureClass.of(Outcome.FAILED, "stopped at its wall-clock deadline")).isEqualTo(
            "failed: deadline");
        assertThat(FailureClass.of(Outcome.CORRUPTED, "the workload saw wrong data: 12 bytes corrupted"))
            .isEqualTo("corrupted: wrong data");
        assertThat(FailureClass.of(Outcome.CORRUPTED, "the workload saw wrong data: 100 bytes lost from a stream "
            + "that ended without an error")).isEqualTo("corrupted: stream ended short");
        assertThat(FailureClass.of(Outcome.CORRUPTED, "invariant stream-integrity violated at 3.000 ms by "
            + "b.app.bulk-receiver: ...")).isEqualTo("corrupted: invariant stream-integrity");
        assertThat(FailureClass.of(Outcome.HARNESS_ERROR, "the harness failed: boom")).isEqualTo(
            "harness-error: harness");
    }

    @Test
    void runsThatDidNotFailHaveNoClass() {
        for (Outcome o : new Outcome[] {Outcome.NOT_ACTIVATED, Outcome.MASKED, Outcome.RECOVERED,
            Outcome.DEGRADED}) {
            assertThat(FailureClass.of(o, "anything")).isNull();
            assertThat(FailureClass.failing(o)).isFalse();
        }
    }
}
