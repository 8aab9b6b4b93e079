package dev.newt.example.kv;

import static dev.newt.campaign.junit.ResultAssert.assertThat;

import dev.newt.campaign.junit.CampaignBuilder;
import dev.newt.campaign.junit.CampaignTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The key-value campaign as JUnit 5 dynamic tests: one per experiment, each expecting the store
 * to recover with nothing lost. Under {@code fresh} recovery the store restarts empty, so that
 * experiment fails, by design: {@link CampaignTestsLauncherTest} runs this class through the JUnit
 * Platform launcher and counts. (Not named *Test: surefire does not run it on its own.)
 */
class KvMatrixSuite {
    @TestFactory
    Stream<DynamicTest> fromYaml() {
        return CampaignTests.experiments(Path.of("kv-campaign.yaml"), r -> assertThat(r).isRecovered().lostNoBytes());
    }

    @TestFactory
    Stream<DynamicTest> fromJava() throws Exception {
        final Path classes = Path.of("target/classes");
        final Path file = CampaignBuilder.named("kv-java").seed(7)
            .server("kv", classes, "dev.newt.example.kv.server.KvServer", Map.of("checkpointEvery", 1), 16)
            .workload("kv-check", classes, "dev.newt.example.kv.workload.KvWorkload", "kv", 2000)
            .matrix(List.of("kv"), List.of("crash"), List.of("nth:40"), List.of("checkpoint"))
            .writeTo(Files.createTempDirectory("kv-java").resolve("kv-java.yaml"));
        return CampaignTests.experiments(file, r -> assertThat(r).isRecovered().lostNoBytes());
    }
}
