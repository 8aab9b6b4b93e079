package dev.newt.campaign.spec;

import dev.newt.campaign.validate.Fields;
import dev.newt.campaign.validate.Problems;
import dev.newt.campaign.yaml.ListNode;
import dev.newt.campaign.yaml.Node;
import dev.newt.campaign.yaml.ScalarNode;
import java.util.ArrayList;
import java.util.List;

/** Reads the experiments of a campaign file: the {@code experiments} list and the {@code matrix}. */
final class ExperimentReader {
    private static final List<String> EXPERIMENT = List.of("target", "fault", "trigger", "recovery", "repetitions");
    private static final List<String> MATRIX = List.of("targets", "faults", "triggers", "recovery", "repetitions");
    private static final List<String> POLICIES = CampaignReader.POLICIES;

    private final Problems problems;

    ExperimentReader(final Problems problems) {
        this.problems = problems;
    }

    ExperimentGroup entry(final Node node, final String path, final List<String> targets) {
        final Fields f = Fields.of(node, path, problems, EXPERIMENT);
        final String target = target(f.node("target"), path + ".target", targets, problems);
        if (!f.has("target")) {
            f.missing("target");
        }
        final FaultModel fault = f.has("fault") ? FaultChecks.fault(f.node("fault"), path + ".fault", problems)
            : missingFault(f);
        final TriggerModel trigger = f.has("trigger") ? FaultChecks.trigger(f.node("trigger"), path + ".trigger",
            problems) : missingTrigger(f);
        final int reps = (int) f.integer("repetitions", 1, 1, 1_000_000);
        final List<String> recoveries = recoveries(f);
        if (target == null || fault == null || trigger == null) {
            return null;
        }
        return new ExperimentGroup(List.of(target), List.of(fault), List.of(trigger), recoveries, reps);
    }

    private FaultModel missingFault(final Fields f) {
        f.missing("fault");
        return null;
    }

    private TriggerModel missingTrigger(final Fields f) {
        f.missing("trigger");
        return null;
    }

    ExperimentGroup matrix(final Node node, final List<String> injectable, final List<String> named) {
        final Fields f = Fields.of(node, "matrix", problems, MATRIX);
        final List<String> targets = new ArrayList<>();
        final List<Node> tn = f.list("targets");
        for (int i = 0; i < tn.size(); i++) {
            final Node t = tn.get(i);
            if (t instanceof ScalarNode s && "all".equals(s.text())) {
                targets.addAll(injectable);
                continue;
            }
            final String name = target(t, "matrix.targets[" + i + "]", named, problems);
            if (name != null) {
                targets.add(name);
            }
        }
        final List<FaultModel> faults = new ArrayList<>();
        final List<Node> fn = f.list("faults");
        for (int i = 0; i < fn.size(); i++) {
            final FaultModel m = FaultChecks.fault(fn.get(i), "matrix.faults[" + i + "]", problems);
            if (m != null) {
                faults.add(m);
            }
        }
        final List<TriggerModel> triggers = new ArrayList<>();
        final List<Node> trn = f.list("triggers");
        for (int i = 0; i < trn.size(); i++) {
            final TriggerModel m = FaultChecks.trigger(trn.get(i), "matrix.triggers[" + i + "]", problems);
            if (m != null) {
                triggers.add(m);
            }
        }
        for (String k : List.of("targets", "faults", "triggers")) {
            if (f.list(k).isEmpty()) {
                problems.add(f.location(), "matrix." + k, "needs at least one item");
            }
        }
        return new ExperimentGroup(targets, faults, triggers, recoveries(f),
            (int) f.integer("repetitions", 1, 1, 1_000_000));
    }

    /** The {@code recovery} axis: one policy or a list of them. */
    private List<String> recoveries(final Fields f) {
        final List<String> out = new ArrayList<>();
        final List<Node> items = f.list("recovery");
        for (int i = 0; i < items.size(); i++) {
            final Node n = items.get(i);
            final String path = f.pathOf("recovery") + (f.node("recovery") instanceof ListNode ? "[" + i + "]" : "");
            if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING && POLICIES.contains(s.text())) {
                out.add(s.text());
            } else if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
                problems.unknown(n.location(), path, "recovery policy", s.text(), POLICIES);
            } else {
                problems.add(n.location(), path, "must be a recovery policy (" + String.join(", ", POLICIES) + "), was "
                    + n.describe());
            }
        }
        return out;
    }

    static String target(final Node n, final String path, final List<String> targets, final Problems problems) {
        if (n == null) {
            return null;
        }
        if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
            if (targets.contains(s.text())) {
                return s.text();
            }
            problems.unknown(n.location(), path, "server", s.text(), targets);
            return null;
        }
        problems.add(n.location(), path, "must name a server such as " + (targets.isEmpty() ? "b.tcp" : targets.get(0))
            + ", was " + n.describe());
        return null;
    }
}
