package dev.newt.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One line of {@code results.jsonl}: an experiment, its outcome and what it cost. Nullable figures
 * are null when they do not apply (no detection, no recovery); counts are zero when nothing happened.
 *
 * @param id                    stable identifier, such as {@code e0007}; {@code golden} for the golden run
 * @param index                 position in the expanded experiment list (golden run: -1)
 * @param target                server the fault was placed in; null for the golden run and update-only experiments
 * @param faultType             fault type, such as {@code crash}; null when none
 * @param trigger               the trigger as written in the campaign, such as {@code nth:100}
 * @param repetition            repetition number of the matrix cell, from 0
 * @param seed                  the experiment's seed
 * @param outcome               the classification
 * @param detail                one sentence saying why this outcome
 * @param activatedAt           runtime clock of the first activation, nanoseconds; null if never
 * @param detectionLatencyNanos activation to first detection (crash, hang, corruption); null if not detected
 * @param recoveryNanos         detection to the server serving again; null if not recovered
 * @param restarts              restarts of any server during the experiment
 * @param connectionsLost       stream connections that ended in an error
 * @param bytesLost             stream bytes never delivered
 * @param bytesDuplicated       stream bytes delivered twice
 * @param bytesCorrupted        stream bytes that failed the pattern check
 * @param requestsFailed        requests (rpc, udp echo, ping, http) that failed or got no answer
 * @param workload              the workload's summary figures (from its {@code workload-summary} events)
 * @param updates               live updates performed in the experiment
 * @param wallMillis            wall-clock time the experiment took
 * @param runtimeNanos          runtime clock at the end (simulated executor: virtual time)
 * @param eventLog              path of the experiment's event log, relative to the results directory
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExperimentResult(String id, int index, String target, String faultType, String trigger,
                               int repetition, long seed, Outcome outcome, String detail,
                               Long activatedAt, Long detectionLatencyNanos, Long recoveryNanos,
                               int restarts, long connectionsLost, long bytesLost, long bytesDuplicated,
                               long bytesCorrupted, long requestsFailed,
                               Map<String, Object> workload, List<UpdateResult> updates,
                               long wallMillis, long runtimeNanos, String eventLog) {
    /** The identifier of the golden (fault-free) run. */
    public static final String GOLDEN = "golden";

    /** @return whether this is the golden run */
    public boolean golden() {
        return GOLDEN.equals(id);
    }
}
