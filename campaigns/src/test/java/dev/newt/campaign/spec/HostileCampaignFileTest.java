package dev.newt.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.validate.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Campaign files written to break the harness get a clear error at the right line and column. */
class HostileCampaignFileTest {
    static final String SYSTEM = """
        system:
          hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
          links: [{between: [a, b]}]
        workloads: [{type: ping, from: a, to: b}]
        """;

    static List<String> problems(final String yaml) {
        return CampaignReader.read("c.yaml", yaml, "0").problems().stream().map(Problem::toString).toList();
    }

    @Test
    void aNameThatIsNotASafeDirectoryNameIsRefusedAtItsPlace() {
        assertThat(problems("name: \"../../x\"\n" + SYSTEM)).singleElement().asString()
            .startsWith("c.yaml:1:7: name: ").contains("letters, digits");
        assertThat(problems("name: /tmp/x\n" + SYSTEM)).hasSize(1);
        assertThat(problems("name: ..\n" + SYSTEM)).hasSize(1);
        assertThat(problems("name: tcp-crash_sweep.2\n" + SYSTEM)).isEmpty();
    }
}
