package dev.newt.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
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
 * @param recovery              the recovery policy the campaign sets for the target (its {@code recovery} axis,
 *                              else the system's settings); null: the server's own default (results before
 *                              this field: unknown)
 * @param checkpointEvery       the checkpoint interval in messages the campaign sets for the target (0: only
 *                              on request); null: the server's own default
 * @param serviceLostNanos      runtime clock during which a workload made no progress between two bins that
 *                              did (the outage, {@link Timeline#serviceLost()}); null when unknown (older results)
 * @param crash                 where the first crash after the activation happened: exception class, message
 *                              and the top frames of the server's code; null when nothing crashed
 * @param schedule              a schedule's run: its schedule as data ({@code seed}, {@code faults},
 *                              {@code updates}, {@code recovery}; docs/RESULTS.md), to replay it; absent otherwise
 * @param failureClass          a failing run's class: outcome and failed check, such as
 *                              {@code failed: gave up on b.tcp}; absent for runs that did not fail and in
 *                              results written before this field
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ExperimentResult(String id, int index, String target, String faultType, String trigger,
                               int repetition, long seed, Outcome outcome, String detail,
                               Long activatedAt, Long detectionLatencyNanos, Long recoveryNanos,
                               int restarts, long connectionsLost, long bytesLost, long bytesDuplicated,
                               long bytesCorrupted, long requestsFailed,
                               Map<String, Object> workload, List<UpdateResult> updates,
                               long wallMillis, long runtimeNanos, String eventLog,
                               String recovery, Integer checkpointEvery, Long serviceLostNanos, String crash,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> schedule,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String failureClass) {
    /** The identifier of the golden (fault-free) run. */
    public static final String GOLDEN = "golden";

    /** The canonical constructor is the one results files are read with; fields absent from older files are null. */
    @JsonCreator
    public ExperimentResult {
    }

    /** A result without a schedule or failure class (one-fault experiments). */
    public ExperimentResult(final String id, final int index, final String target, final String faultType,
                            final String trigger, final int repetition, final long seed, final Outcome outcome,
                            final String detail, final Long activatedAt, final Long detectionLatencyNanos,
                            final Long recoveryNanos, final int restarts, final long connectionsLost,
                            final long bytesLost, final long bytesDuplicated, final long bytesCorrupted,
                            final long requestsFailed, final Map<String, Object> workload,
                            final List<UpdateResult> updates, final long wallMillis, final long runtimeNanos,
                            final String eventLog, final String recovery, final Integer checkpointEvery,
                            final Long serviceLostNanos, final String crash) {
        this(id, index, target, faultType, trigger, repetition, seed, outcome, detail, activatedAt,
            detectionLatencyNanos, recoveryNanos, restarts, connectionsLost, bytesLost, bytesDuplicated,
            bytesCorrupted, requestsFailed, workload, updates, wallMillis, runtimeNanos, eventLog, recovery,
            checkpointEvery, serviceLostNanos, crash, null, null);
    }

    /** A result without the fields added later (recovery, checkpoint interval, outage, crash): all null. */
    public ExperimentResult(final String id, final int index, final String target, final String faultType,
                            final String trigger, final int repetition, final long seed, final Outcome outcome,
                            final String detail, final Long activatedAt, final Long detectionLatencyNanos,
                            final Long recoveryNanos, final int restarts, final long connectionsLost,
                            final long bytesLost, final long bytesDuplicated, final long bytesCorrupted,
                            final long requestsFailed, final Map<String, Object> workload,
                            final List<UpdateResult> updates, final long wallMillis, final long runtimeNanos,
                            final String eventLog) {
        this(id, index, target, faultType, trigger, repetition, seed, outcome, detail, activatedAt,
            detectionLatencyNanos, recoveryNanos, restarts, connectionsLost, bytesLost, bytesDuplicated,
            bytesCorrupted, requestsFailed, workload, updates, wallMillis, runtimeNanos, eventLog, null, null, null,
            null);
    }

    /**
     * @return whether the fault never fired but the run misbehaved anyway (recovered, degraded, corrupted
     *         or failed without an activation): a finding about
     *         the system or the harness, which the report shows first
     */
    @JsonIgnore
    public boolean brokenWithoutFault() {
        return !golden() && activatedAt == null && outcome != Outcome.NOT_ACTIVATED && outcome != Outcome.MASKED
            && outcome != Outcome.HARNESS_ERROR;
    }

    /** @return whether this is the golden run */
    public boolean golden() {
        return GOLDEN.equals(id);
    }
}
