package dev.newt.report.model;

import dev.newt.results.ExperimentResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Outcomes by target server and fault type, and in all. Experiments without a target or a fault
 * type (update-only experiments) count under {@value #NONE}.
 */
public final class OutcomeMatrix {
    /** Stands for a missing target or fault type. */
    public static final String NONE = "(none)";

    private final Map<String, Map<String, OutcomeCounts>> cells = new TreeMap<>();
    private final Map<String, OutcomeCounts> byFault = new TreeMap<>();
    private final OutcomeCounts totals = new OutcomeCounts();

    /** @param experiments the experiments, golden run excluded @return their matrix */
    public static OutcomeMatrix of(final List<ExperimentResult> experiments) {
        final OutcomeMatrix m = new OutcomeMatrix();
        for (ExperimentResult r : experiments) {
            final String server = Objects.requireNonNullElse(r.target(), NONE);
            final String fault = Objects.requireNonNullElse(r.faultType(), NONE);
            m.cells.computeIfAbsent(server, s -> new TreeMap<>())
                .computeIfAbsent(fault, f -> new OutcomeCounts()).add(r.outcome());
            m.byFault.computeIfAbsent(fault, f -> new OutcomeCounts()).add(r.outcome());
            m.totals.add(r.outcome());
        }
        return m;
    }

    /** @return counts by server, then by fault type, both sorted by name */
    public Map<String, Map<String, OutcomeCounts>> cells() {
        return cells;
    }

    /** @return the fault types seen, sorted, each with its counts over all servers */
    public Map<String, OutcomeCounts> byFault() {
        return byFault;
    }

    /** @return counts over all experiments */
    public OutcomeCounts totals() {
        return totals;
    }
}
