package dev.newt.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.EventLog;
import dev.newt.core.image.ServerImage;
import dev.newt.faults.agentprobe.Probe;
import dev.newt.faults.inject.FaultAgent;
import dev.newt.faults.inject.FaultInjector;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The -javaagent entry point weaves code no image loads: its transformer on bytes, then a real agent run. */
class FaultAgentTest {
    private static final String PROBE = "dev.newt.faults.agentprobe.Probe";
    private static final String PLAN = """
        {"seed": 1, "faults": [{"id": "answer", "server": "*", "class": "*.agentprobe.Probe", "method": "answer",
          "type": "wrong-return", "mode": "off-by-one", "trigger": {"nth": 1}}]}""";

    @Test
    void theAgentsTransformerWeavesAClassFromItsBytes() throws Exception {
        final FaultInjector faults = FaultInjector.of(FaultPlan.fromJson(PLAN));
        final EventLog log = new EventLog();
        faults.installStandalone(log);
        final var transformer = FaultAgent.transformer(faults);
        final ServerImage image = ServerImage.builder("probe").classPath(ServerImage.locationOf(Probe.class))
            .include(PROBE).build().withTransformer((name, bytes) -> {
                final ClassFileLocator own = ClassFileLocator.Simple.of(name, bytes);
                final TypePool pool = TypePool.Default.of(new ClassFileLocator.Compound(own,
                    ClassFileLocator.ForClassLoader.ofSystemLoader()));
                final TypeDescription type = pool.describe(name).resolve();
                return transformer.transform(new ByteBuddy().redefine(type, own), type, null, null, null)
                    .make(pool).getBytes();
            });
        final Object probe = image.loadClass(PROBE).getConstructor().newInstance();
        final var answer = probe.getClass().getMethod("answer");
        assertThat(answer.invoke(probe)).isEqualTo(43);
        assertThat(answer.invoke(probe)).isEqualTo(42);
        faults.finish();
        assertThat(log.ofType(CustomEvent.class)).extracting(CustomEvent::kind)
            .containsExactly(EventKinds.FAULT_ARMED, EventKinds.FAULT_ACTIVATED, EventKinds.FAULT_DISARMED);
        assertThat(log.ofType(CustomEvent.class).get(1).fields()).containsEntry("site", "Probe#answer()I").containsEntry("old", "42").containsEntry("new", "43");
    }

    @Test
    void aRealAgentRunWeavesClassesTheApplicationLoader(@TempDir final Path dir) throws Exception {
        final Path plan = dir.resolve("plan.json");
        Files.writeString(plan, PLAN);
        final Path jar = dir.resolve("agent.jar");
        final Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(new Attributes.Name("Premain-Class"), FaultAgent.class.getName());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf)) {
            j.flush();
        }
        final String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process p = new ProcessBuilder(java.toString(), "-javaagent:" + jar + "=" + plan,
            "-cp", cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator),
            "dev.newt.faults.agentprobe.ProbeMain")
            .redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("agent run finished").isTrue();
            final List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
            assertThat(p.exitValue()).as(String.join("\n", out)).isZero();
            assertThat(out).containsSubsequence("answer=43", "answer=42", "event=fault-armed answer",
                "event=fault-activated answer", "event=fault-disarmed answer");
        } finally {
            p.destroyForcibly();
        }
    }
}
