package dev.newt.campaign.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.UpdateModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A campaign built in Java reads back as the campaign file it stands for. */
class CampaignBuilderTest {
    @TempDir
    Path dir;

    @Test
    void updatesAreWrittenAsTheFilesUpdatesAndReadBack() throws Exception {
        final Path image = Files.createDirectories(dir.resolve("tcp-v9"));
        final Path file = CampaignBuilder.named("updates").seed(3).set("duration", "1s")
            .set("system", Map.of("hosts", List.of(Map.of("name", "a", "address", "10.0.0.1/24"),
                Map.of("name", "b", "address", "10.0.0.2/24")), "links", List.of(Map.of("between", List.of("a", "b")))))
            .set("workloads", List.of(Map.of("type", "rpc", "from", "a", "to", "b", "requests", 10)))
            .experiment("b.tcp", "crash", "nth:5")
            .update("20ms", List.of("b.tcp"), image)
            .update("40ms", List.of("a.tcp", "a.sock"), image, Map.of("probation", "5ms"))
            .writeTo(dir.resolve("updates.yaml"));

        final CampaignReader.Result read = CampaignReader.read(file);
        assertThat(read.problems()).isEmpty();
        assertThat(read.campaign().updates()).extracting(UpdateModel::at, UpdateModel::servers, UpdateModel::probation)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(Duration.ofMillis(20), List.of("b.tcp"), Duration.ZERO),
                org.assertj.core.groups.Tuple.tuple(Duration.ofMillis(40), List.of("a.tcp", "a.sock"),
                    Duration.ofMillis(5)));
        assertThat(read.campaign().updates()).allSatisfy(u -> assertThat(u.imageDir()).isEqualTo(image));
    }

    @Test
    void aBuilderWithoutUpdatesWritesNoUpdatesKey() {
        assertThat(CampaignBuilder.named("plain").experiment("b.tcp", "crash", "nth:1").toYaml())
            .doesNotContain("updates");
    }
}
