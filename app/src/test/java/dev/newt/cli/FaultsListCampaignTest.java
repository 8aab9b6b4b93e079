package dev.newt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code newt faults list --campaign FILE}: every server of the campaign's system with its fault
 * sites, user servers (the key-value example's, built before app in the reactor) as well as stack ones.
 */
class FaultsListCampaignTest {
    private static final Path KV = Path.of("../examples/kv/kv-campaign.yaml");
    private final CapturedStreams streams = new CapturedStreams();
    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        streams.capture();
    }

    @AfterEach
    void restore() {
        streams.restore();
    }

    private static int newt(final String... args) {
        return NewtCli.commandLine().execute(args);
    }

    @Test
    void listsTheSitesOfTheUserServersOfTheKvCampaign() {
        assumeTrue(Files.isDirectory(Path.of("../examples/kv/target/classes/dev/newt/example/kv/server")),
            "examples/kv is built first in the reactor (mvn -B verify); alone, build it before app");
        assertThat(newt("faults", "list", "--campaign", KV.toString())).as(streams.err()).isEqualTo(NewtCli.OK);
        assertThat(streams.out())
            .contains("kv (dev.newt.example.kv.server.KvServer):")
            .contains("dev.newt.example.kv.server.KvServer#handle")
            .contains("dev.newt.example.kv.server.KvServer#audit")
            .contains("kv-check (dev.newt.example.kv.workload.KvWorkload):")
            .contains("dev.newt.example.kv.workload.KvWorkload#issue");
    }

    @Test
    void oneServerOfTheCampaignOrAnUnknownOne() {
        assumeTrue(Files.isDirectory(Path.of("../examples/kv/target/classes/dev/newt/example/kv/server")),
            "examples/kv is built first in the reactor (mvn -B verify); alone, build it before app");
        assertThat(newt("faults", "list", "--campaign", KV.toString(), "--server", "kv")).isEqualTo(NewtCli.OK);
        assertThat(streams.out()).contains("KvServer#handle").doesNotContain("KvWorkload");
        assertThat(newt("faults", "list", "--campaign", KV.toString(), "--server", "kv2")).isEqualTo(NewtCli.USAGE);
        assertThat(streams.err()).contains("unknown server 'kv2'; servers: kv, kv-check");
    }

    @Test
    void listsTheStackServersOfAHostCampaign() {
        assertThat(newt("faults", "list", "--campaign", "examples/pf-state-loss.yaml")).as(streams.err())
            .isEqualTo(NewtCli.OK);
        assertThat(streams.out()).contains("dev.newt.net.tcp.TcpServer#handle").contains("dev.newt.net.pf.");
    }

    @Test
    void listsTheAppServersOfTheCampaignsWorkloads() {
        assertThat(newt("faults", "list", "--campaign", "examples/pf-state-loss.yaml")).as(streams.err())
            .isEqualTo(NewtCli.OK);
        assertThat(streams.out())
            .contains("b.app.echo (dev.newt.net.workload.UdpEchoServer):")
            .contains("a.app.echo-client (dev.newt.net.workload.UdpEchoClient):")
            .contains("b.app.rpc-server (dev.newt.net.workload.RpcServer):")
            .contains("a.app.rpc-client (dev.newt.net.workload.RpcClient):")
            .doesNotContain("bulk-receiver");
        assertThat(newt("faults", "list", "--campaign", "examples/pf-state-loss.yaml", "--server", "b.app.rpc-server"))
            .isEqualTo(NewtCli.OK);
        assertThat(streams.out()).contains("RpcServer#handle");
    }

    @Test
    void anInvalidCampaignIsAUsageErrorWithItsProblems() throws Exception {
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\nsystem:\n  servers:\n    kv:\n      class: x.Y\n");
        assertThat(newt("faults", "list", "--campaign", bad.toString())).isEqualTo(NewtCli.USAGE);
        assertThat(streams.err()).contains("bad.yaml:");
    }
}
