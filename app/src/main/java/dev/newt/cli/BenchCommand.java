package dev.newt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.newt.perf.BenchSuites;
import dev.newt.perf.Figure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code newt bench}: the macro performance suites, as one table of figures and ratios. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Runs the performance suites and prints one table; ratios are measured side by side,"
        + " in interleaved rounds, in one run.",
        "Suites: hop (message round trip vs the raw queue and ArrayBlockingQueue), stack (bulk TCP multiserver vs monolithic vs kernel loopback),"
            + " recoverable (bulk with tcp and sock on checkpoint+replay vs without checkpoints), faults (injector overhead"
            + " and the cost of a tcp crash on bulk), recovery (crash-to-serving time per server and policy),"
            + " update (downtime of a tcp update against its connections), connections (accept path, tcp"
            + " checkpoint size and codec time against idle connections and TIME_WAIT), simulation (simulated executor vs"
            + " real time), campaigns (experiments per minute), tap (curl and Apache Bench against a Newt host"
            + " over TAP in a private network namespace; root only), fuzz (the frame fuzzing soak: 1,000,000"
            + " seeded random and mutated frames into a host's stack, 100,000 with --quick; frames/s and drops by"
            + " reason; fails on an unaccounted frame or a crash), rings (exposed socket buffers vs per-call"
            + " sockets: bulk and rpc at saturation and low load, messages per MB and per request),"
            + " replicas (bulk throughput against 1, 2 and 4 replicas of both hosts' stacks, and connections"
            + " lost when one replica's tcp restarts fresh), isolation"
            + " (process-isolated servers: round trip against in-JVM, detection of a killed child, restart"
            + " with a warm spare and cold). Micro benchmarks are JMH:"
            + " java -jar benchmarks/target/benchmarks.jar."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "Smaller sizes: about a minute on two cores.")
    private boolean quick;

    @Option(names = "--out", paramLabel = "FILE.json", description = "Also write the figures as JSON.")
    private Path out;

    @Option(names = "--suite", split = ",", paramLabel = "NAME",
        description = "Run only these suites (default: all): ${COMPLETION-CANDIDATES}.",
        completionCandidates = SuiteNames.class)
    private List<String> suites;

    /** The suite names, for the help text. */
    static final class SuiteNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BenchSuites.NAMES.iterator();
        }
    }

    @Override
    public Integer call() throws IOException {
        final Set<String> chosen = new LinkedHashSet<>(suites == null ? BenchSuites.NAMES : suites);
        for (String s : chosen) {
            if (!BenchSuites.NAMES.contains(s)) {
                throw new ParameterException(spec.commandLine(), "unknown suite '" + s + "'; suites: "
                    + String.join(", ", BenchSuites.NAMES));
            }
        }
        final PrintStream o = System.out;
        final long start = System.nanoTime();
        final List<Figure> figures = BenchSuites.run(chosen, quick, o);
        o.println();
        o.printf("%-12s %-34s %10s %10s %10s %-5s %s%n", "suite", "metric", "median", "min", "max", "unit", "target");
        for (Figure f : figures) {
            o.printf("%-12s %-34s %10.3f %10.3f %10.3f %-5s %s%n", f.suite(), f.metric(), f.value(), f.min(), f.max(),
                f.unit(), f.target());
        }
        o.printf("%n%d figures in %.0f s%n", figures.size(), (System.nanoTime() - start) / 1e9);
        if (out != null) {
            final Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("date", Instant.now().toString());
            doc.put("quick", quick);
            doc.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            doc.put("processors", Runtime.getRuntime().availableProcessors());
            doc.put("figures", figures);
            Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(doc));
            o.println("wrote " + out);
        }
        return NewtCli.OK;
    }
}
