package dev.newt.report.model;

import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Which experiments get a timeline: a few, by a rule the report states, however large the campaign. */
public final class TimelineSelection {
    /** The rule, as the report states it. */
    public static final String RULE = "Timelines are drawn for the golden run (the baseline), the experiment "
        + "with the longest recovery time, and the first experiment (lowest index) of each outcome that "
        + "occurs: at most nine, however many experiments the campaign has.";

    private TimelineSelection() {
    }

    /**
     * @param golden      the golden run, or null
     * @param experiments the experiments, golden run excluded
     * @return the chosen experiments in the order of the rule, each once, with every reason it was chosen
     */
    public static List<TimelineChoice> choose(final ExperimentResult golden, final List<ExperimentResult> experiments) {
        final Map<ExperimentResult, List<String>> reasons = new LinkedHashMap<>();
        if (golden != null) {
            reasons.computeIfAbsent(golden, g -> new ArrayList<>()).add("golden run (baseline)");
        }
        experiments.stream()
            .filter(r -> r.recoveryNanos() != null)
            .max(Comparator.comparingLong(ExperimentResult::recoveryNanos)
                .thenComparing(Comparator.comparingInt(ExperimentResult::index).reversed()))
            .ifPresent(r -> reasons.computeIfAbsent(r, x -> new ArrayList<>())
                .add("longest recovery (" + String.format(Locale.ROOT, "%.3f", r.recoveryNanos() / 1e6) + " ms)"));
        final Map<Outcome, ExperimentResult> firstOf = new EnumMap<>(Outcome.class);
        for (ExperimentResult r : experiments) {
            final ExperimentResult seen = firstOf.get(r.outcome());
            if (seen == null || r.index() < seen.index()) {
                firstOf.put(r.outcome(), r);
            }
        }
        firstOf.forEach((outcome, r) -> reasons.computeIfAbsent(r, x -> new ArrayList<>())
            .add("first " + outcome.label()));
        final List<TimelineChoice> chosen = new ArrayList<>(reasons.size());
        reasons.forEach((r, why) -> chosen.add(new TimelineChoice(r, String.join("; ", why))));
        return chosen;
    }
}
