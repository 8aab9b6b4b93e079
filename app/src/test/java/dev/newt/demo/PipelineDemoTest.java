package dev.newt.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.server.RecoveryPolicy;
import dev.newt.demo.PipelineDemo.Mode;
import dev.newt.demo.PipelineDemo.Result;
import org.junit.jupiter.api.Test;

/** The demo's claims, checked on the simulated executor where they are exact. */
class PipelineDemoTest {

    @Test
    void noPolicyLosesOrDuplicatesAnItem() throws Exception {
        for (RecoveryPolicy p : RecoveryPolicy.values()) {
            final Result r = PipelineDemo.run(p, Mode.SIMULATED, 5_000, 1, null);
            assertThat(r.crashes()).as(p.label()).isEqualTo(1);
            assertThat(r.verdict().received()).as(p.label()).isEqualTo(5_000);
            assertThat(r.verdict().lost()).as(p.label()).isZero();
            assertThat(r.verdict().duplicated()).as(p.label()).isZero();
        }
    }

    @Test
    void onlyCheckpointReplayKeepsTheTransformsDigestExact() throws Exception {
        assertThat(PipelineDemo.run(RecoveryPolicy.CHECKPOINT_REPLAY, Mode.SIMULATED, 5_000, 1, null)
            .verdict().wrongDigest()).isZero();
        // Every item after the crash carries a digest built on lost state.
        assertThat(PipelineDemo.run(RecoveryPolicy.CHECKPOINT, Mode.SIMULATED, 5_000, 1, null)
            .verdict().wrongDigest()).isEqualTo(2_499);
        assertThat(PipelineDemo.run(RecoveryPolicy.FRESH, Mode.SIMULATED, 5_000, 1, null)
            .verdict().wrongDigest()).isEqualTo(2_499);
    }

    @Test
    void checkpointThatFallsRightOnTheCrashLosesNothing() throws Exception {
        // 199 items: the crash comes after item 99, i.e. right after the 100th message's checkpoint.
        final Result r = PipelineDemo.run(RecoveryPolicy.CHECKPOINT, Mode.SIMULATED, 199, 1, null);
        assertThat(r.verdict().wrongDigest()).isZero();
        assertThat(PipelineDemo.asPromised(r)).isTrue();
    }

    @Test
    void threadedRunKeepsTheSamePromises() throws Exception {
        final Result r = PipelineDemo.run(RecoveryPolicy.CHECKPOINT_REPLAY, Mode.THREADED, 20_000, 1, null);
        assertThat(r.crashes()).isEqualTo(1);
        assertThat(r.verdict().lost()).isZero();
        assertThat(r.verdict().duplicated()).isZero();
        assertThat(r.verdict().wrongDigest()).isZero();
    }

    @Test
    void simulatedRunIsReproducibleFromItsSeed() throws Exception {
        final String a = PipelineDemo.run(RecoveryPolicy.CHECKPOINT, Mode.SIMULATED, 3_000, 9, null).eventLogSha256();
        final String b = PipelineDemo.run(RecoveryPolicy.CHECKPOINT, Mode.SIMULATED, 3_000, 9, null).eventLogSha256();
        assertThat(a).isEqualTo(b);
    }
}
