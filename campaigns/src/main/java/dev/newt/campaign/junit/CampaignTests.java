package dev.newt.campaign.junit;

import dev.newt.results.ExperimentResult;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns a campaign's fault matrix into one JUnit 5 dynamic test per experiment, named by target,
 * fault and trigger (and recovery policy), so that an IDE and CI show each experiment:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> crashes() {
 *     return CampaignTests.experiments(Path.of("kv-campaign.yaml"), r -> assertThat(r).isRecovered());
 * }
 * }</pre>
 *
 * The campaign runs once, when the factory is called; each test then checks its experiment.
 */
public final class CampaignTests {
    private CampaignTests() {
    }

    /**
     * @param file   a campaign file
     * @param expect what each experiment's result must satisfy, such as {@code r -> assertThat(r).isRecovered()}
     * @return one test per experiment
     */
    public static Stream<DynamicTest> experiments(final Path file, final Consumer<ExperimentResult> expect) {
        return experiments(NewtCampaigns.run(file), expect);
    }

    /**
     * @param file a campaign file
     * @return one test per experiment, each passing when the workload kept its service
     *         ({@link ResultAssert#keptService})
     */
    public static Stream<DynamicTest> experiments(final Path file) {
        return experiments(file, r -> ResultAssert.assertThat(r).keptService());
    }

    /**
     * @param results a campaign's results
     * @param expect  what each experiment's result must satisfy
     * @return one test per experiment
     */
    public static Stream<DynamicTest> experiments(final CampaignResults results,
                                                  final Consumer<ExperimentResult> expect) {
        return results.experiments().stream().map(r -> DynamicTest.dynamicTest(name(r), () -> expect.accept(r)));
    }

    /** @param r a result @return its test name: {@code target/fault/trigger}, then the recovery policy and repetition */
    static String name(final ExperimentResult r) {
        // The fault label may carry the recovery axis ("crash [recovery=fresh]"): it is named once, at the end.
        final String fault = r.faultType() == null ? "none" : r.faultType().replaceFirst(" \\[.*$", "");
        return r.target() + "/" + fault + "/" + r.trigger() + (r.recovery() == null ? ""
            : " [" + r.recovery() + "]") + (r.repetition() > 0 ? " #" + r.repetition() : "");
    }
}
