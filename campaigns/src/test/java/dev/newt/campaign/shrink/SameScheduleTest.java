package dev.newt.campaign.shrink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code newt shrink} checks that a run's seed still draws the schedule in its result; a schedule
 * records its images' absolute paths, so a results directory written in one checkout (/work/main)
 * and shrunk in another (a worktree) is the same schedule as long as the images are.
 */
class SameScheduleTest {
    private static Map<String, Object> schedule(final String image, final String at) {
        return Map.of("seed", 7, "faults", List.of(Map.of("id", "f0", "at", at, "target", "b.pf", "fault", "crash")),
            "updates", List.of(Map.of("id", "u0", "at", "5000000ns", "servers", List.of("b.tcp"), "image", image)));
    }

    @Test
    void theSameScheduleWithItsImagesInAnotherCheckoutIsTheSame() {
        assertThat(Shrinking.sameData(schedule("/work/main/update-manager/target/images/tcp-v2", "1ns"),
            schedule("/work/wt/x/update-manager/target/images/tcp-v2", "1ns"))).isTrue();
    }

    @Test
    void anotherImageOrAnotherTimeIsAnotherSchedule() {
        assertThat(Shrinking.sameData(schedule("/work/main/update-manager/target/images/tcp-v2", "1ns"),
            schedule("/work/main/update-manager/target/images/tcp-broken", "1ns"))).isFalse();
        assertThat(Shrinking.sameData(schedule("/a/tcp-v2", "1ns"), schedule("/a/tcp-v2", "2ns"))).isFalse();
    }
}
