package dev.newt.campaign.run;

import dev.newt.campaign.outcome.RunObservation;
import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.Experiment;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.FaultSummary;
import dev.newt.results.ResultsJson;
import dev.newt.results.UpdateResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The entry point of a forked experiment: {@code ExperimentMain FILE SEED INDEX EVENTS OBSERVATION}
 * runs experiment {@code INDEX} ({@code golden} for the golden run) of the campaign in FILE with
 * the campaign seed SEED, writes its events to EVENTS and what it observed to OBSERVATION (JSON).
 * Exit code 0 when the observation was written, 2 when the arguments or the file are bad.
 */
public final class ExperimentMain {
    private ExperimentMain() {
    }

    /**
     * What a forked run hands back besides its event log.
     *
     * @param summaries      workload summaries by server
     * @param summaryWriters the workload servers that should write one
     * @param faults         what each fault did
     * @param runtimeNanos   the runtime clock at the end
     * @param updates        the live updates performed
     * @param harnessError   what went wrong outside the system, or null
     */
    record Observation(Map<String, Map<String, Object>> summaries, List<String> summaryWriters,
                       List<FaultSummary> faults, long runtimeNanos, List<UpdateResult> updates,
                       String harnessError) {
    }

    /**
     * Reads standard input, a pipe from the harness, until end of file, which comes when the harness
     * is gone (killed, even by kill -9): then halts at once, so that no experiment outlives its
     * harness or writes into the results directory after it.
     */
    private static void dieWithParent() {
        final Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // The harness writes nothing; any byte is ignored.
                }
            } catch (java.io.IOException e) {
                // A broken pipe is the harness gone too.
            }
            Runtime.getRuntime().halt(3);
        }, "newt-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** @param args FILE SEED INDEX EVENTS OBSERVATION */
    public static void main(final String[] args) throws Exception {
        dieWithParent();
        if (args.length != 5) {
            System.err.println("usage: ExperimentMain FILE SEED INDEX|golden EVENTS OBSERVATION");
            System.exit(2);
        }
        final CampaignReader.Result read = CampaignReader.read(Path.of(args[0]));
        if (!read.valid()) {
            read.problems().forEach(System.err::println);
            System.exit(2);
        }
        final Campaign c = read.campaign().withSeed(Long.parseLong(args[1]));
        final boolean golden = args[2].equals("golden");
        final Experiment e = golden ? null : c.experiments().get(Integer.parseInt(args[2]));
        final FaultPlan plan = golden ? FaultPlans.probes(c.system(), c.experiments())
            : FaultPlans.of(c.system(), e);
        final RunObservation o = InProcessRun.run(golden ? c : c.forExperiment(e), plan, Path.of(args[3]));
        ResultsJson.MAPPER.writeValue(Path.of(args[4]).toFile(), new Observation(o.summaries(), o.summaryWriters(),
            o.faults(), o.runtimeNanos(), o.updates(), o.harnessError()));
        System.exit(0);
    }
}
