package dev.newt.core.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The typed summary a user workload reports when it is done: the contract by which campaigns judge
 * a workload they do not know. A user workload is a {@link dev.newt.core.server.Server} that drives
 * requests at the servers under test, checks every answer, and when done emits {@link #toEvent}: one
 * {@link EventKinds#WORKLOAD_SUMMARY} event whose fields are these (plus {@code contract}), which
 * the campaign outcome rules read generically (docs/OUTCOMES.md). Time bins of its figures go out
 * as {@link WorkloadMetric} events ({@code new CustomEvent(now, name,
 * EventKinds.WORKLOAD_METRIC, metric.toFields())}); reports chart them.
 *
 * @param workload     the workload's type, shown in results, such as {@code kv-check}
 * @param operations   requests issued
 * @param failures     requests that failed (an error answer, a refusal)
 * @param wrongAnswers answers that failed the workload's check: counted as corrupted data
 * @param lost         requests never answered: counted as lost
 * @param elapsedNanos runtime clock from the first request to the end; a slowdown is lost service
 */
public record WorkloadReport(String workload, long operations, long failures, long wrongAnswers, long lost,
                             long elapsedNanos) {
    /** The value of the {@code contract} field that marks a summary as one of these. */
    public static final String CONTRACT = "newt-workload-1";

    /** @return the summary event's fields, in order */
    public Map<String, Object> toFields() {
        final Map<String, Object> f = new LinkedHashMap<>();
        f.put("workload", workload);
        f.put("contract", CONTRACT);
        f.put("operations", operations);
        f.put("failures", failures);
        f.put("wrongAnswers", wrongAnswers);
        f.put("lost", lost);
        f.put("elapsedNanos", elapsedNanos);
        return f;
    }

    /** @param fields a summary's fields @return whether they follow this contract */
    public static boolean isReport(final Map<String, Object> fields) {
        return CONTRACT.equals(fields.get("contract"));
    }

    /**
     * @param fields a summary's fields that follow this contract
     * @return the report; a missing figure is 0
     */
    public static WorkloadReport from(final Map<String, Object> fields) {
        return new WorkloadReport(CustomFields.text(fields, "workload"), CustomFields.number(fields, "operations", 0),
            CustomFields.number(fields, "failures", 0), CustomFields.number(fields, "wrongAnswers", 0),
            CustomFields.number(fields, "lost", 0), CustomFields.number(fields, "elapsedNanos", 0));
    }

    /**
     * The workload's summary event; emit it when done ({@code ctx.emit(report.toEvent(ctx.now(), ctx.name()))}):
     * the run ends when every workload has written one.
     *
     * @param time   runtime clock now
     * @param server the workload server's name
     * @return the event
     */
    public CustomEvent toEvent(final long time, final String server) {
        return new CustomEvent(time, server, EventKinds.WORKLOAD_SUMMARY, toFields());
    }
}
