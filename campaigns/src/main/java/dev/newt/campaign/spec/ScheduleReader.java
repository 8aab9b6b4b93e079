package dev.newt.campaign.spec;

import dev.newt.campaign.validate.Fields;
import dev.newt.campaign.validate.Problems;
import dev.newt.campaign.yaml.ListNode;
import dev.newt.campaign.yaml.MapNode;
import dev.newt.campaign.yaml.Node;
import dev.newt.campaign.yaml.ScalarNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Reads a campaign's {@code schedules:} section (docs/CAMPAIGNS.md, "Schedules"), reporting every
 * problem with its place and key path like the rest of the file.
 */
final class ScheduleReader {
    private static final List<String> KEYS = List.of("runs", "faults", "updates", "from", "to", "maxConcurrent",
        "quiet", "targets", "types", "typeWeights", "triggers", "recovery", "images", "shrink", "seed", "replay");
    private static final List<String> REPLAY = List.of("faults", "updates", "recovery");
    private static final List<String> REPLAY_FAULT = List.of("id", "at", "target", "fault", "trigger");

    private final Problems problems;
    private final BiFunction<Node, String, UpdateModel> updates;

    /**
     * @param problems where problems go
     * @param updates  reads an update entry (with its image checked), as the campaign's {@code updates}
     */
    ScheduleReader(final Problems problems, final BiFunction<Node, String, UpdateModel> updates) {
        this.problems = problems;
        this.updates = updates;
    }

    /**
     * @param node    the section
     * @param all     the servers {@code all} stands for (the system's, not the workloads' app servers)
     * @param targets the servers a fault may go into
     * @return the model, or {@code null} when it has problems (reported)
     */
    ScheduleModel read(final Node node, final List<String> all, final List<String> targets) {
        final int before = problems.all().size();
        final Fields f = Fields.of(node, "schedules", problems, KEYS);
        if (f.has("replay")) {
            return replay(f, targets, before);
        }
        for (String k : List.of("targets", "types")) {
            if (!f.has(k)) {
                f.missing(k);
            }
        }
        final int runs = (int) f.integer("runs", 100, 1, 10_000_000);
        final int[] k = range(f, "faults", 1, 3);
        final int[] u = range(f, "updates", 0, 1);
        final Duration from = f.duration("from", Duration.ofMillis(10));
        final Duration to = f.duration("to", Duration.ofMillis(500));
        if (to.compareTo(from) < 0) {
            problems.add(f.node("to").location(), f.pathOf("to"), "the window ends (" + to + ") before it starts ("
                + from + ")");
        }
        final int maxConcurrent = (int) f.integer("maxConcurrent", 2, 1, 1000);
        final Duration quiet = f.duration("quiet", Duration.ofMillis(20));
        final List<Weighted<String>> ts = targets(f, all, targets);
        final List<Weighted<FaultModel>> types = types(f);
        final List<TriggerModel> triggers = new ArrayList<>();
        final List<Node> tn = f.list("triggers");
        for (int i = 0; i < tn.size(); i++) {
            final TriggerModel t = FaultChecks.trigger(tn.get(i), "schedules.triggers[" + i + "]", problems);
            if (t != null) {
                triggers.add(t);
            }
        }
        final List<String> recoveries = policies(f);
        final List<UpdateModel> images = new ArrayList<>();
        final List<Node> in = f.list("images");
        for (int i = 0; i < in.size(); i++) {
            final UpdateModel m = updates.apply(withAt(in.get(i)), "schedules.images[" + i + "]");
            if (m != null) {
                images.add(m);
            }
        }
        if (u[1] > 0 && images.isEmpty() && f.has("updates")) {
            problems.add(f.node("updates").location(), f.pathOf("updates"), "updates need 'images' to draw from");
        }
        final Duration shrink = f.duration("shrink", Duration.ofSeconds(60));
        if (problems.all().size() > before) {
            return null;
        }
        return new ScheduleModel(runs, k[0], k[1], u[0], u[1], from, to, maxConcurrent, quiet, ts, types, triggers,
            recoveries, images, shrink, null);
    }

    /** A fixed schedule: the faults, updates and policies a shrunk schedule is written with. */
    private ScheduleModel replay(final Fields f, final List<String> targets, final int before) {
        for (String k : KEYS) {
            if (f.has(k) && !List.of("replay", "seed", "shrink").contains(k)) {
                problems.add(f.node(k).location(), f.pathOf(k), "a replayed schedule has only 'seed', 'replay' and "
                    + "'shrink'; '" + k + "' draws schedules");
            }
        }
        final long seed = f.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        final Fields r = Fields.of(f.node("replay"), "schedules.replay", problems, REPLAY);
        final List<ScheduledFault> faults = new ArrayList<>();
        final List<Node> fn = r.list("faults");
        for (int i = 0; i < fn.size(); i++) {
            final String path = "schedules.replay.faults[" + i + "]";
            final Fields x = Fields.of(fn.get(i), path, problems, REPLAY_FAULT);
            for (String k : List.of("at", "target", "fault")) {
                if (!x.has(k)) {
                    x.missing(k);
                }
            }
            final String target = ExperimentReader.target(x.node("target"), path + ".target", targets, problems);
            final FaultModel fault = x.has("fault") ? FaultChecks.fault(x.node("fault"), path + ".fault", problems)
                : null;
            final TriggerModel trigger = x.has("trigger") ? FaultChecks.trigger(x.node("trigger"), path + ".trigger",
                problems) : ScheduledFault.FIRST_CALL;
            final String id = x.string("id", "f" + i);
            if (faults.stream().anyMatch(g -> g.id().equals(id))) {
                problems.add(x.location(), path + ".id", "fault id '" + id + "' appears twice");
            }
            if (target != null && fault != null && trigger != null) {
                // The id seeds the fault's random choices (which bit a corruption flips): a replay keeps it.
                faults.add(new ScheduledFault(id, x.duration("at", Duration.ZERO), target, fault,
                    trigger));
            }
        }
        final List<ScheduledUpdate> ups = new ArrayList<>();
        final List<Node> un = r.list("updates");
        for (int i = 0; i < un.size(); i++) {
            final UpdateModel m = updates.apply(un.get(i), "schedules.replay.updates[" + i + "]");
            if (m != null) {
                ups.add(new ScheduledUpdate("u" + i, m));
            }
        }
        final Map<String, String> recovery = new TreeMap<>();
        if (r.has("recovery")) {
            final Fields p = Fields.of(r.node("recovery"), "schedules.replay.recovery", problems, targets);
            if (r.node("recovery") instanceof MapNode m) {
                m.entries().forEach((server, e) -> {
                    if (targets.contains(server)) {
                        final String policy = p.choice(server, CampaignReader.POLICIES, null, "recovery policy");
                        if (policy != null) {
                            recovery.put(server, policy);
                        }
                    }
                });
            }
        }
        final Duration shrink = f.duration("shrink", Duration.ofSeconds(60));
        if (problems.all().size() > before) {
            return null;
        }
        return new ScheduleModel(1, faults.size(), faults.size(), ups.size(), ups.size(), Duration.ZERO,
            Duration.ZERO, Integer.MAX_VALUE, Duration.ZERO, List.of(), List.of(), List.of(), List.of(), List.of(),
            shrink, new Schedule(seed, faults, ups, recovery));
    }

    /** An image entry has no {@code at} (the generator draws it): read it as an update at 0. */
    private static Node withAt(final Node n) {
        if (!(n instanceof MapNode m) || m.get("at") != null) {
            return n;
        }
        final Map<String, MapNode.Entry> entries = new java.util.LinkedHashMap<>(m.entries());
        entries.put("at", new MapNode.Entry("at", m.location(), new ScalarNode(m.location(), "0ms",
            ScalarNode.Type.STRING)));
        return new MapNode(m.location(), entries);
    }

    /** A count or a range {@code min-max} such as {@code 1-8}. */
    private int[] range(final Fields f, final String key, final int min, final int max) {
        if (!f.has(key)) {
            return new int[] {min, max};
        }
        final Node n = f.node(key);
        if (n instanceof ScalarNode s && (s.type() == ScalarNode.Type.INTEGER || s.type() == ScalarNode.Type.STRING)) {
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})(?:\\s*-\\s*(\\d{1,6}))?")
                .matcher(s.text().trim());
            if (m.matches()) {
                final int lo = Integer.parseInt(m.group(1));
                final int hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
                if (lo <= hi) {
                    return new int[] {lo, hi};
                }
            }
        }
        problems.add(n.location(), f.pathOf(key), "must be a count such as 3 or a range such as 1-8, was "
            + n.describe());
        return new int[] {min, max};
    }

    /** {@code targets}: a list of servers (equal weights) or a map of server to weight; {@code all} for every one. */
    private List<Weighted<String>> targets(final Fields f, final List<String> all, final List<String> targets) {
        final List<Weighted<String>> out = new ArrayList<>();
        final Node n = f.node("targets");
        if (n instanceof MapNode m) {
            m.entries().forEach((name, e) -> {
                final String path = "schedules.targets." + name;
                final String t = ExperimentReader.target(new ScalarNode(e.keyLocation(), name, ScalarNode.Type.STRING),
                    path, targets, problems);
                final Double w = weight(e.value(), path);
                if (t != null && w != null) {
                    out.add(new Weighted<>(t, w));
                }
            });
            return out;
        }
        final List<Node> items = f.list("targets");
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ScalarNode s && "all".equals(s.text())) {
                all.forEach(t -> out.add(new Weighted<>(t, 1)));
                continue;
            }
            final String t = ExperimentReader.target(items.get(i), "schedules.targets[" + i + "]", targets, problems);
            if (t != null) {
                out.add(new Weighted<>(t, 1));
            }
        }
        return out;
    }

    /** {@code types}: faults as the matrix writes them, with {@code typeWeights} (one per type) or equal weights. */
    private List<Weighted<FaultModel>> types(final Fields f) {
        final List<Node> items = f.list("types");
        final List<Node> weights = f.list("typeWeights");
        if (f.has("typeWeights") && weights.size() != items.size()) {
            problems.add(f.node("typeWeights").location(), f.pathOf("typeWeights"), "needs one weight per type ("
                + items.size() + "), has " + weights.size());
        }
        final List<Weighted<FaultModel>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            final FaultModel m = FaultChecks.fault(items.get(i), "schedules.types[" + i + "]", problems);
            final Double w = i < weights.size() ? weight(weights.get(i), "schedules.typeWeights[" + i + "]")
                : Double.valueOf(1);
            if (m != null && w != null) {
                out.add(new Weighted<>(m, w));
            }
        }
        return out;
    }

    private Double weight(final Node n, final String path) {
        if (n instanceof ScalarNode s && (s.type() == ScalarNode.Type.INTEGER || s.type() == ScalarNode.Type.FLOAT)) {
            final double w = Double.parseDouble(s.text().replace("_", ""));
            if (w > 0 && !Double.isInfinite(w)) {
                return w;
            }
        }
        problems.add(n.location(), path, "a weight must be a number above 0, was " + n.describe());
        return null;
    }

    private List<String> policies(final Fields f) {
        final List<String> out = new ArrayList<>();
        final List<Node> items = f.list("recovery");
        for (int i = 0; i < items.size(); i++) {
            final Node n = items.get(i);
            final String path = "schedules.recovery" + (f.node("recovery") instanceof ListNode ? "[" + i + "]" : "");
            if (n instanceof ScalarNode s && CampaignReader.POLICIES.contains(s.text())) {
                out.add(s.text());
            } else if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
                problems.unknown(n.location(), path, "recovery policy", s.text(), CampaignReader.POLICIES);
            } else {
                problems.add(n.location(), path, "must be a recovery policy (" + String.join(", ",
                    CampaignReader.POLICIES) + "), was " + n.describe());
            }
        }
        return out;
    }
}
