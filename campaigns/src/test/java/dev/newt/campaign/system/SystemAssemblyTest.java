package dev.newt.campaign.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.outcome.Integrity;
import dev.newt.campaign.run.InProcessRun;
import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.faults.FaultPlan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Systems built from campaign files: every workload type, monolithic hosts, faults in woven layers. */
class SystemAssemblyTest {
    @TempDir
    Path dir;

    private static Campaign campaign(final String extra) {
        final CampaignReader.Result r = CampaignReader.read("s.yaml", """
            name: s
            seed: 4
            duration: 5s
            system:
              hosts:
                - {name: a, address: 10.0.0.1/24}
                - name: b
                  address: 10.0.0.2/24
                  pf: {default: deny, rules: ["allow out", "allow in tcp to 10.0.0.2 port 80"]}
              links: [{between: [a, b], latency: 500us}]
              servers: {"*": {hangDeadline: 20ms}}
            workloads:
              - {type: ping, from: b, to: a, count: 10, interval: 1ms}
              - {type: http, from: a, to: b, files: 2, fileSize: 4096}
            """ + extra, "sha");
        assertThat(r.problems()).isEmpty();
        return r.campaign();
    }

    @Test
    void pingAndHttpRunThroughTheFilterAndFinishIntact() {
        final RunObservation o = InProcessRun.run(campaign(""), new FaultPlan(0, List.of()), dir.resolve("g.jsonl"));
        assertThat(o.harnessError()).isNull();
        assertThat(o.finished()).isTrue();
        assertThat(o.summaries()).containsOnlyKeys("b.app.ping", "a.app.http-fetch");
        assertThat(o.summaries().get("a.app.http-fetch")).containsEntry("ok", 2L);
        final Integrity i = Integrity.of(o.summaries());
        assertThat(List.of(i.requestsFailed(), i.bytesCorrupted(), i.bytesLost())).containsOnly(0L);
    }

    @Test
    void monolithicHostsRunTheirWorkloadsButRefuseFaultsInTheirLayers() {
        final String mono = """
            name: m
            seed: 4
            duration: 5s
            system:
              hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
              links: [{between: [a, b], latency: 500us}]
              monolithic: true
            workloads: [{type: ping, from: a, to: b, count: 20, interval: 1ms}]
            """;
        final Campaign golden = CampaignReader.read("m.yaml", mono, "sha").campaign();
        final RunObservation o = InProcessRun.run(golden, new FaultPlan(0, List.of()), dir.resolve("m.jsonl"));
        assertThat(o.finished()).isTrue();
        assertThat(o.events()).anySatisfy(e -> assertThat(e.server()).isEqualTo("b.stack"));
        // A woven layer cannot be restored by the composite (core's CompositeServer): refused up front.
        assertThat(CampaignReader.read("m.yaml", mono + """
            experiments:
              - {target: b.ip, fault: crash, trigger: "nth:5"}
            """, "sha").problems()).singleElement()
            .satisfies(p -> assertThat(p.path()).isEqualTo("system.monolithic"));
    }
}
