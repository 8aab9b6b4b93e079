package dev.newt.campaign.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardTest {
    @Test
    void anExplicitSliceIgnoresTheEnvironment() {
        assertThat(Shard.parse("2/4", Map.of("JOB_COMPLETION_INDEX", "1"))).isEqualTo(new Shard(2, 4));
        assertThat(Shard.parse(null, Map.of())).isEqualTo(Shard.ALL);
    }

    @Test
    void aCountAloneTakesTheIndexFromKubernetesThenSlurm() {
        assertThat(Shard.parse("4", Map.of("JOB_COMPLETION_INDEX", "3", "SLURM_ARRAY_TASK_ID", "1")))
            .isEqualTo(new Shard(3, 4));
        assertThat(Shard.parse("4", Map.of("SLURM_ARRAY_TASK_ID", "1"))).isEqualTo(new Shard(1, 4));
        assertThatThrownBy(() -> Shard.parse("4", Map.of())).hasMessageContaining("JOB_COMPLETION_INDEX");
    }

    @Test
    void experimentsAreDealtRoundRobinAndBadValuesAreNamed() {
        final Shard s = new Shard(1, 3);
        assertThat(s.contains(1)).isTrue();
        assertThat(s.contains(4)).isTrue();
        assertThat(s.contains(2)).isFalse();
        assertThatThrownBy(() -> Shard.parse("4/4", Map.of())).hasMessageContaining("0 <= index < count");
        assertThatThrownBy(() -> Shard.parse("x/4", Map.of())).hasMessageContaining("'x/4'");
        assertThatThrownBy(() -> Shard.parse("4", Map.of("SLURM_ARRAY_TASK_ID", "5")))
            .hasMessageContaining("shard 5/4");
    }
}
