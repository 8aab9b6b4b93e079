package dev.newt.campaign.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.validate.Problem;
import dev.newt.campaign.yaml.InputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir
    Path dir;

    /** No Java exception class name in what the user reads. */
    private static void inUsersWords(final List<String> problems) {
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).doesNotContainPattern(
            "[A-Z][A-Za-z]*(Exception|Error)\\b|java\\.|com\\.fasterxml|StreamReadConstraints"));
    }

    private static List<String> problems(final Path file) {
        return CampaignReader.read(file).problems().stream().map(Problem::toString).toList();
    }

    @Test
    void onlyARegularFileOfAtMostOneMebibyteIsRead() throws Exception {
        assertThat(problems(Path.of("/dev/zero"))).singleElement().asString().contains("not a regular file");
        assertThat(problems(dir)).singleElement().asString().contains("is a directory");
        assertThat(problems(dir.resolve("nope.yaml"))).singleElement().asString().contains("no such file");
        final Path fifo = dir.resolve("fifo.yaml");
        final Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(problems(fifo)).singleElement().asString().contains("not a regular file");
        final Path big = dir.resolve("big.yaml");
        Files.writeString(big, ("# " + "x".repeat(98) + "\n").repeat((int) (InputFiles.MAX_CAMPAIGN_BYTES / 100 + 1)));
        assertThat(problems(big)).singleElement().asString().contains("larger than 1 MiB");
        inUsersWords(problems(dir.resolve("nope.yaml")));
    }

    @Test
    void anAliasOfAMapIsReadAsTheMapAndAnAliasOfAValueIsRefusedAtItsPlace() {
        final CampaignReader.Result r = CampaignReader.read("c.yaml", """
            name: x
            system:
              hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
              links: [{between: [a, b]}]
              servers:
                "a.tcp": &careful {recovery: checkpoint+replay, restarts: 2, window: 1s}
                "b.tcp": *careful
            workloads: [{type: ping, from: a, to: b}]
            """, "0");
        assertThat(r.problems()).isEmpty();
        assertThat(r.campaign().system().servers()).extracting(ServerSettings::recovery)
            .containsExactly("checkpoint+replay", "checkpoint+replay");
        // The case: read as the anchor's name, this ran policy 'fresh'.
        assertThat(problems("""
            name: x
            system:
              hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
              links: [{between: [a, b]}]
              servers:
                "a.tcp": {recovery: &fresh checkpoint+replay}
                "b.tcp": {recovery: *fresh}
            workloads: [{type: ping, from: a, to: b}]
            """)).singleElement().asString().startsWith("c.yaml:7:25: ").contains("alias '*fresh'")
            .contains("write the value out");
        assertThat(problems("name: x\nbase: &b {seed: 1}\n<<: *b\n" + SYSTEM)).singleElement().asString()
            .startsWith("c.yaml:3:1: ").contains("merge keys");
    }

    @Test
    void impossibleAddressesAndUnroutableLinksAreRefusedAtTheirPlace() {
        assertThat(problems("name: x\n" + SYSTEM.replace("10.0.0.2/24", "10.0.0.300/33"))).singleElement()
            .asString().startsWith("c.yaml:3:63: system.hosts[1].address").contains("10.0.0.300/33");
        assertThat(problems("name: x\n" + SYSTEM.replace("10.0.0.2/24", "10.0.0.1/24"))).singleElement()
            .asString().startsWith("c.yaml:3:63: system.hosts[1].address").contains("host 'a' has it already");
        assertThat(problems("name: x\n" + SYSTEM.replace("10.0.0.2/24", "10.0.1.2/24"))).singleElement()
            .asString().startsWith("c.yaml:4:21: system.links[0].between").contains("no route");
    }

    @Test
    void deepNestingAndTabsArePointedAtInTheUsersWords() {
        final List<String> deep = problems("name: x\nsystem: " + "[".repeat(3000) + "\n");
        inUsersWords(deep);
        assertThat(deep).singleElement().asString().startsWith("c.yaml:2:").doesNotStartWith("c.yaml:1:1:")
            .contains("nested");
        final List<String> tab = problems("name: x\nsystem:\n\thosts: []\n");
        inUsersWords(tab);
        assertThat(tab).singleElement().asString().startsWith("c.yaml:3:1: ").contains("tab");
    }
}
