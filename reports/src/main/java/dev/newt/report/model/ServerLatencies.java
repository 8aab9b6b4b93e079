package dev.newt.report.model;

import dev.newt.results.ExperimentResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One duration of every experiment that has it (detection latency, recovery time), grouped by
 * target server.
 *
 * @param samples the values of each server, servers sorted by name
 * @param all     the values of all servers
 */
public record ServerLatencies(Map<String, long[]> samples, long[] all) {

    /**
     * @param experiments the experiments, golden run excluded
     * @param figure      the duration to take, null when the experiment has none
     * @return the durations by server
     */
    public static ServerLatencies of(final List<ExperimentResult> experiments,
                                     final Function<ExperimentResult, Long> figure) {
        final Map<String, List<Long>> byServer = new TreeMap<>();
        final List<Long> all = new ArrayList<>();
        for (ExperimentResult r : experiments) {
            final Long v = figure.apply(r);
            if (v != null) {
                byServer.computeIfAbsent(Objects.requireNonNullElse(r.target(), OutcomeMatrix.NONE),
                    s -> new ArrayList<>()).add(v);
                all.add(v);
            }
        }
        final Map<String, long[]> samples = new LinkedHashMap<>();
        byServer.forEach((s, v) -> samples.put(s, toArray(v)));
        return new ServerLatencies(samples, toArray(all));
    }

    private static long[] toArray(final List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    /** @return whether no experiment has the duration */
    public boolean isEmpty() {
        return all.length == 0;
    }
}
