package dev.newt.example.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The JUnit 5 helper reports one test per experiment, named by target, fault and trigger. */
class CampaignTestsLauncherTest {
    @Test
    void oneDynamicTestPerExperimentFailingWithTheDetail() {
        final LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(KvMatrixSuite.class)).build();
        final Launcher launcher = LauncherFactory.create();
        final SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        final TestExecutionSummary s = listener.getSummary();
        // fromYaml: checkpoint recovers, fresh loses the store; fromJava: checkpoint recovers.
        assertThat(s.getTestsSucceededCount()).isEqualTo(2);
        assertThat(s.getTestsFailedCount()).isEqualTo(1);
        final List<String> failed = s.getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName())
            .collect(Collectors.toList());
        assertThat(failed).containsExactly("kv/crash/nth:40 [fresh]");
        assertThat(s.getFailures().get(0).getException().getMessage()).contains("corrupted")
            .contains("the workload saw wrong data");
    }
}
