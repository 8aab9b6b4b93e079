package dev.newt.example.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.run.CampaignRunner;
import dev.newt.campaign.run.Shard;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.SiteChecks;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import dev.newt.results.ResultsDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user server from a jar outside the reactor's modules, as a researcher's own project makes it:
 * the test compiles a small store (package {@code outside.store}, on no class path of this build)
 * that speaks the example's messages, packs it into a jar, and runs a campaign naming that jar as
 * its image, in this JVM and forked. The checking workload comes from this module's classes.
 */
class JarOutsideTheReactorTest {
    private static final String STORE = """
        package outside.store;

        import dev.newt.core.message.Envelope;
        import dev.newt.core.server.Server;
        import dev.newt.core.server.ServerContext;
        import dev.newt.example.kv.api.Get;
        import dev.newt.example.kv.api.Put;
        import dev.newt.example.kv.api.Stored;
        import dev.newt.example.kv.api.Value;
        import java.util.TreeMap;

        public final class MapStore implements Server<MapStore.State> {
            public static final class State {
                public TreeMap<String, String> map = new TreeMap<>();
            }

            @Override
            public State handle(ServerContext ctx, State s, Envelope m) {
                if (m.payload() instanceof Put p) {
                    s.map.put(p.key(), p.value());
                    ctx.reply(m, new Stored(p.key()));
                } else if (m.payload() instanceof Get g) {
                    ctx.reply(m, new Value(g.key(), s.map.getOrDefault(g.key(), "")));
                }
                return s;
            }
        }
        """;

    @TempDir
    static Path dir;
    private static Path jar;

    @BeforeAll
    static void buildTheJar() throws Exception {
        final Path src = dir.resolve("src/outside/store/MapStore.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, STORE);
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d",
            classes.toString(), src.toString())).isZero();
        jar = dir.resolve("lib/outside-store.jar");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        assertThatNotOnTheClassPath();
    }

    private static void assertThatNotOnTheClassPath() {
        assertThat(JarOutsideTheReactorTest.class.getClassLoader().getResource("outside/store/MapStore.class"))
            .isNull();
    }

    private static Path campaign(final String name) throws Exception {
        final Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, "name: " + name + "\nseed: 7\nduration: 10s\n"
            + (name.endsWith("forked") ? "isolation: process\n" : "")
            + "system:\n  servers:\n    store:\n      image: lib/outside-store.jar\n"
            + "      class: outside.store.MapStore\n      checkpointEvery: 1\n"
            + (name.endsWith("isolated") ? "      isolation: process\n" : "")
            + "  workloads:\n    kv-check:\n      image: " + Path.of("target/classes").toAbsolutePath() + "\n"
            + "      class: dev.newt.example.kv.workload.KvWorkload\n      args: [store, 2000]\n"
            + "matrix:\n  targets: [store]\n  faults: [crash]\n  triggers: [nth:40]\n  recovery: [checkpoint]\n");
        return f;
    }

    private static Map<Boolean, Outcome> run(final Path file) throws Exception {
        final CampaignReader.Result r = CampaignReader.read(file);
        assertThat(r.problems()).isEmpty();
        final Campaign c = r.campaign();
        assertThat(SiteChecks.check(c)).isEmpty();
        final Path out = dir.resolve(c.name() + "-out");
        CampaignRunner.run(c, file, new CampaignRunner.Options(out, 1, false, Shard.ALL, "test",
            new PrintStream(OutputStream.nullOutputStream()), false, -1));
        final List<ExperimentResult> results = ResultsDirectory.read(out).results();
        assertThat(results).hasSize(2);
        return results.stream().collect(Collectors.toMap(ExperimentResult::golden, ExperimentResult::outcome));
    }

    @Test
    void runsInProcess() throws Exception {
        assertThat(run(campaign("outside-jar")).get(false)).isEqualTo(Outcome.RECOVERED);
    }

    /** The store in a child JVM of its own, which loads it from the jar as the campaign's runtime does. */
    @Test
    void runsIsolated() throws Exception {
        assertThat(run(campaign("outside-jar-isolated")).get(false)).isEqualTo(Outcome.RECOVERED);
    }

    @Test
    void runsForked() throws Exception {
        assertThat(run(campaign("outside-jar-forked")).get(false)).isEqualTo(Outcome.RECOVERED);
    }
}
