package dev.newt.campaign.spec;

import dev.newt.campaign.validate.Fields;
import dev.newt.campaign.validate.Problem;
import dev.newt.campaign.validate.Problems;
import dev.newt.campaign.yaml.ListNode;
import dev.newt.campaign.yaml.Location;
import dev.newt.campaign.yaml.MapNode;
import dev.newt.campaign.yaml.Node;
import dev.newt.campaign.yaml.ScalarNode;
import dev.newt.campaign.yaml.YamlTree;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.net.pf.PfAction;
import dev.newt.net.pf.PfRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a campaign file and checks everything that can be checked before a run, collecting every
 * problem with its file, line, column and key path, and suggesting the nearest valid name for a
 * misspelt key, fault type, server, workload type, executor or recovery policy.
 * Fault parameters and triggers are checked by the fault injector's own rules
 * ({@link FaultChecks}); whether a fault's site exists in its server is checked by weaving.
 */
public final class CampaignReader {
    static final List<String> TOP = List.of("name", "seed", "executor", "isolation", "duration", "deadline", "system",
        "workloads", "experiments", "matrix", "updates");
    private static final List<String> SYSTEM = List.of("hosts", "links", "servers", "monolithic");
    private static final List<String> HOST = List.of("name", "address", "pf");
    private static final List<String> PF = List.of("default", "rules");
    private static final List<String> LINK = List.of("between", "latency", "bandwidth", "mtu", "loss", "duplicate",
        "reorder", "reorderDelay", "corrupt");
    private static final List<String> SERVER = List.of("recovery", "checkpointEvery", "restarts", "window",
        "hangDeadline");
    private static final List<String> WORKLOAD_COMMON = List.of("type", "from", "to");
    private static final List<String> EXPERIMENT = List.of("target", "fault", "trigger", "recovery", "repetitions");
    private static final List<String> MATRIX = List.of("targets", "faults", "triggers", "recovery", "repetitions");
    private static final List<String> UPDATE = List.of("at", "servers", "image");
    private static final List<String> POLICIES = java.util.Arrays.stream(RecoveryPolicy.values())
        .map(RecoveryPolicy::label).toList();

    private final String file;
    private final Problems problems = new Problems();
    private final boolean updatesAvailable;

    private CampaignReader(final String file, final boolean updatesAvailable) {
        this.file = file;
        this.updatesAvailable = updatesAvailable;
    }

    /**
     * What reading gave: the campaign when there was no problem, and every problem.
     *
     * @param campaign the campaign, or {@code null} when there are problems
     * @param problems every problem, in file order
     */
    public record Result(Campaign campaign, List<Problem> problems) {
        /** @return whether the file is valid */
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * @param path             the campaign file
     * @param updatesAvailable whether this build can run live updates (see {@code ScheduledUpdates})
     * @return the campaign or the problems
     */
    public static Result read(final Path path, final boolean updatesAvailable) {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            return new Result(null, List.of(new Problem(new Location(path.toString(), 1, 1), "", "cannot read the file: "
                + e, null)));
        }
        return read(path.toString(), new String(bytes, StandardCharsets.UTF_8), sha256(bytes), updatesAvailable);
    }

    /**
     * @param file             the file's name, for locations
     * @param content          the campaign as YAML
     * @param sha256           hash of the content's bytes
     * @param updatesAvailable whether this build can run live updates
     * @return the campaign or the problems
     */
    public static Result read(final String file, final String content, final String sha256,
                              final boolean updatesAvailable) {
        final Node root;
        try {
            root = YamlTree.read(file, content);
        } catch (YamlTree.SyntaxException e) {
            return new Result(null, List.of(new Problem(e.location(), "", e.getMessage()
                .substring(e.location().toString().length() + 2), null)));
        }
        final CampaignReader r = new CampaignReader(file, updatesAvailable);
        final Campaign c = r.campaign(root, sha256);
        return r.problems.isEmpty() ? new Result(c, List.of()) : new Result(null, r.problems.all());
    }

    /** @param bytes content @return its SHA-256 in hex */
    public static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Campaign campaign(final Node root, final String sha) {
        final Fields f = Fields.of(root, "", problems, TOP);
        final String name = f.has("name") ? f.string("name", "campaign") : missingName(f);
        final long seed = f.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        final String executor = f.choice("executor", Campaign.EXECUTORS, "simulated", "executor");
        final String isolation = f.choice("isolation", Campaign.ISOLATIONS, executor.equals("threaded") ? "process"
            : "thread", "isolation");
        if (executor.equals("threaded") && isolation.equals("thread")) {
            problems.add(f.node("isolation").location(), "isolation", "threaded experiments always run in a forked "
                + "JVM: remove 'isolation' or make it 'process'");
        }
        final Duration duration = positive(f, "duration", Duration.ofSeconds(10));
        final Duration deadline = positive(f, "deadline", Duration.ofSeconds(120));
        final SystemModel system = f.has("system") ? system(f.node("system")) : missingSystem(f);
        final Set<String> hosts = new HashSet<>();
        system.hosts().forEach(h -> hosts.add(h.name()));
        final List<WorkloadModel> workloads = new ArrayList<>();
        if (!f.has("workloads")) {
            f.missing("workloads");
        }
        final List<Node> wl = f.list("workloads");
        final Set<String> apps = new HashSet<>();
        for (int i = 0; i < wl.size(); i++) {
            final WorkloadModel w = workload(wl.get(i), "workloads[" + i + "]", hosts);
            if (w == null) {
                continue;
            }
            if (!apps.add(w.type().label() + "@" + w.from()) || !apps.add(w.type().label() + "@" + w.to())) {
                problems.add(wl.get(i).location(), "workloads[" + i + "]", "a host runs at most one "
                    + w.type().label() + " workload (its servers' names would clash)");
            }
            workloads.add(w);
        }
        final List<ExperimentGroup> groups = new ArrayList<>();
        final List<String> targets = system.injectableServers();
        final List<Node> ex = f.list("experiments");
        for (int i = 0; i < ex.size(); i++) {
            final ExperimentGroup g = entry(ex.get(i), "experiments[" + i + "]", targets);
            if (g != null) {
                groups.add(g);
            }
        }
        if (f.has("matrix")) {
            final ExperimentGroup g = matrix(f.node("matrix"), targets);
            if (g != null) {
                groups.add(g);
            }
        }
        if (system.monolithic() && !groups.isEmpty()) {
            problems.add(f.node("system").location(), "system.monolithic", "faults cannot go into the layers of "
                + "monolithic hosts yet: a woven layer's state is of its image's class, and the composite <host>.stack "
                + "restores its layers' checkpoints as the parent's classes, so the stack cannot restart (core's "
                + "CompositeServer); run monolithic hosts without experiments (a golden run), or set monolithic: false");
        }
        final List<UpdateModel> updates = new ArrayList<>();
        final List<Node> up = f.list("updates");
        final Set<String> allServers = new HashSet<>(targets);
        for (int i = 0; i < up.size(); i++) {
            final UpdateModel u = update(up.get(i), "updates[" + i + "]", allServers);
            if (u != null) {
                updates.add(u);
            }
        }
        if (!up.isEmpty() && !updatesAvailable) {
            problems.add(f.node("updates").location(), "updates", "live updates are not available in this build "
                + "(the update manager is not connected to the campaign runner yet); remove the 'updates' section");
        }
        return new Campaign(file, sha, name, seed, executor, isolation, duration, deadline, system, workloads, groups,
            updates);
    }

    private String missingName(final Fields f) {
        f.missing("name");
        return "campaign";
    }

    private SystemModel missingSystem(final Fields f) {
        f.missing("system");
        return new SystemModel(List.of(), List.of(), List.of(), false);
    }

    private Duration positive(final Fields f, final String key, final Duration fallback) {
        final Duration d = f.duration(key, fallback);
        if (d.isZero()) {
            problems.add(f.node(key).location(), f.pathOf(key), "must be longer than zero");
            return fallback;
        }
        return d;
    }

    private SystemModel system(final Node node) {
        final Fields f = Fields.of(node, "system", problems, SYSTEM);
        final List<HostModel> hosts = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        final List<Node> hs = f.list("hosts");
        if (hs.isEmpty()) {
            problems.add(f.location(), "system.hosts", "needs at least one host");
        }
        for (int i = 0; i < hs.size(); i++) {
            final String path = "system.hosts[" + i + "]";
            final Fields h = Fields.of(hs.get(i), path, problems, HOST);
            final String name = h.requiredString("name");
            final String address = h.requiredString("address");
            if (name != null && !name.matches("[A-Za-z][A-Za-z0-9-]*")) {
                problems.add(h.node("name").location(), path + ".name", "host name '" + name
                    + "' must be letters, digits and '-', starting with a letter");
            } else if (name != null && !names.add(name)) {
                problems.add(h.node("name").location(), path + ".name", "host '" + name + "' is defined twice");
            }
            if (address != null && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
                problems.add(h.node("address").location(), path + ".address", "must be an IPv4 address and prefix "
                    + "such as 10.0.0.1/24, was '" + address + "'");
            }
            String pfDefault = "allow";
            final List<String> rules = new ArrayList<>();
            if (h.has("pf")) {
                final Fields pf = Fields.of(h.node("pf"), path + ".pf", problems, PF);
                pfDefault = pf.choice("default", List.of("allow", "deny"), "allow", "pf default action");
                for (Node r : pf.list("rules")) {
                    if (r instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
                        rules.add(s.text());
                    } else {
                        problems.add(r.location(), path + ".pf.rules", "a rule must be a string such as "
                            + "'allow out udp', was " + r.describe());
                    }
                }
            }
            if (!rules.isEmpty()) {
                try {
                    PfRules.of(PfAction.ALLOW, rules.toArray(String[]::new));
                } catch (RuntimeException e) {
                    problems.add(h.node("pf").location(), path + ".pf.rules", e.getMessage());
                }
            }
            if (name != null && address != null) {
                hosts.add(new HostModel(name, address, pfDefault, rules));
            }
        }
        final List<LinkModel> links = new ArrayList<>();
        final Set<String> wired = new HashSet<>();
        final List<Node> ls = f.list("links");
        for (int i = 0; i < ls.size(); i++) {
            final LinkModel l = link(ls.get(i), "system.links[" + i + "]", names, wired);
            if (l != null) {
                links.add(l);
            }
        }
        for (HostModel h : hosts) {
            if (!wired.contains(h.name())) {
                problems.add(f.location(), "system.links", "host '" + h.name() + "' has no link");
            }
        }
        final List<ServerSettings> settings = new ArrayList<>();
        if (f.has("servers")) {
            if (f.node("servers") instanceof MapNode m) {
                for (MapNode.Entry e : m.entries().values()) {
                    settings.add(settings(e, names));
                }
            } else {
                problems.add(f.node("servers").location(), "system.servers", "must be a map from server name (or "
                    + "pattern such as *.tcp) to settings, was " + f.node("servers").describe());
            }
        }
        return new SystemModel(hosts, links, settings, f.bool("monolithic", false));
    }

    private LinkModel link(final Node node, final String path, final Set<String> hosts, final Set<String> wired) {
        final Fields l = Fields.of(node, path, problems, LINK);
        final List<String> ends = new ArrayList<>();
        if (!l.has("between")) {
            l.missing("between");
        }
        for (Node n : l.list("between")) {
            if (n instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
                if (hosts.contains(s.text())) {
                    ends.add(s.text());
                } else {
                    problems.unknown(n.location(), path + ".between", "host", s.text(), hosts.stream().sorted()
                        .toList());
                }
            } else {
                problems.add(n.location(), path + ".between", "must name a host, was " + n.describe());
            }
        }
        if (l.has("between") && l.list("between").size() != 2) {
            problems.add(l.node("between").location(), path + ".between", "a link joins exactly two hosts, "
                + "such as [a, b]");
        }
        for (String e : ends) {
            if (!wired.add(e)) {
                problems.add(l.node("between").location(), path + ".between", "host '" + e
                    + "' already has a link (a host has one interface)");
            }
        }
        final LinkModel m = new LinkModel(ends.size() > 0 ? ends.get(0) : "?", ends.size() > 1 ? ends.get(1) : "?",
            l.duration("latency", Duration.ofMillis(1)), l.integer("bandwidth", 0, 0, Long.MAX_VALUE),
            (int) l.integer("mtu", 1500, 68, 65521), l.probability("loss", 0), l.probability("duplicate", 0),
            l.probability("reorder", 0), l.duration("reorderDelay", Duration.ofMillis(1)),
            l.probability("corrupt", 0));
        return ends.size() == 2 ? m : null;
    }

    private ServerSettings settings(final MapNode.Entry e, final Set<String> hosts) {
        final String path = "system.servers." + e.key();
        final List<String> names = new ArrayList<>();
        hosts.stream().sorted().forEach(h -> SystemModel.LAYERS.forEach(layer -> names.add(h + "." + layer)));
        final ServerSettings probe = new ServerSettings(e.key(), null, null, null, null, null);
        if (names.stream().noneMatch(probe::matches) && !e.key().startsWith("wire.")
            && !e.key().contains(".app.")) {
            problems.unknown(e.keyLocation(), path, "server", e.key(), names);
        }
        final Fields f = Fields.of(e.value(), path, problems, SERVER);
        final String recovery = f.has("recovery") ? f.choice("recovery", POLICIES, null, "recovery policy") : null;
        final Integer every = f.has("checkpointEvery")
            ? (int) f.integer("checkpointEvery", 1, 0, Integer.MAX_VALUE) : null;
        final Integer restarts = f.has("restarts") ? (int) f.integer("restarts", 3, 0, 1_000_000) : null;
        final Duration window = f.has("window") ? positive(f, "window", Duration.ofSeconds(5)) : null;
        final Duration hang = f.has("hangDeadline") ? positive(f, "hangDeadline", Duration.ofMillis(50)) : null;
        if ((restarts == null) != (window == null)) {
            problems.add(f.location(), path, "restart intensity needs both 'restarts' and 'window'");
        }
        return new ServerSettings(e.key(), recovery, every, restarts, window, hang);
    }

    private WorkloadModel workload(final Node node, final String path, final Set<String> hosts) {
        final List<String> keys = new ArrayList<>(WORKLOAD_COMMON);
        WorkloadType type = null;
        if (node instanceof MapNode m && m.get("type") instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING) {
            type = WorkloadType.of(s.text());
            if (type == null) {
                problems.unknown(s.location(), path + ".type", "workload type", s.text(), WorkloadType.labels());
                return null;
            }
            keys.addAll(type.defaults().keySet().stream().sorted().toList());
        }
        final Fields f = Fields.of(node, path, problems, keys);
        if (type == null) {
            if (node instanceof MapNode) {
                f.requiredString("type");
            }
            return null;
        }
        final String from = host(f, "from", hosts);
        final String to = host(f, "to", hosts);
        if (from != null && from.equals(to)) {
            problems.add(f.node("to").location(), path + ".to", "a workload runs between two hosts; 'from' and "
                + "'to' are both '" + from + "'");
        }
        final Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, Object> d : type.defaults().entrySet()) {
            final Object v = d.getValue();
            final String k = d.getKey();
            if (v instanceof Boolean b) {
                params.put(k, f.bool(k, b));
            } else if (v instanceof Duration dv) {
                params.put(k, positive(f, k, dv));
            } else {
                final long max = k.equals("port") ? 65535 : Integer.MAX_VALUE;
                params.put(k, f.integer(k, (Long) v, 1, max));
            }
        }
        return from == null || to == null ? null : new WorkloadModel(type, from, to, params);
    }

    private String host(final Fields f, final String key, final Set<String> hosts) {
        final String h = f.requiredString(key);
        if (h != null && !hosts.contains(h)) {
            problems.unknown(f.node(key).location(), f.pathOf(key), "host", h, hosts.stream().sorted().toList());
            return null;
        }
        return h;
    }

    private ExperimentGroup entry(final Node node, final String path, final List<String> targets) {
        final Fields f = Fields.of(node, path, problems, EXPERIMENT);
        final String target = target(f.node("target"), path + ".target", targets);
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

    private ExperimentGroup matrix(final Node node, final List<String> injectable) {
        final Fields f = Fields.of(node, "matrix", problems, MATRIX);
        final List<String> targets = new ArrayList<>();
        final List<Node> tn = f.list("targets");
        for (int i = 0; i < tn.size(); i++) {
            final Node t = tn.get(i);
            if (t instanceof ScalarNode s && "all".equals(s.text())) {
                targets.addAll(injectable);
                continue;
            }
            final String name = target(t, "matrix.targets[" + i + "]", injectable);
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

    private String target(final Node n, final String path, final List<String> targets) {
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

    private UpdateModel update(final Node node, final String path, final Set<String> servers) {
        final Fields f = Fields.of(node, path, problems, UPDATE);
        if (!f.has("at")) {
            f.missing("at");
        }
        final Duration at = f.duration("at", Duration.ZERO);
        final String image = f.requiredString("image");
        final List<String> names = new ArrayList<>();
        if (!f.has("servers")) {
            f.missing("servers");
        }
        for (Node n : f.list("servers")) {
            final String s = target(n, path + ".servers", servers.stream().sorted().toList());
            if (s != null) {
                names.add(s);
            }
        }
        return image == null ? null : new UpdateModel(at, names, image);
    }

    /** Converts a node to plain Java values (maps, lists, strings, numbers, booleans) for the injector. */
    static Object plain(final Node n) {
        if (n instanceof MapNode m) {
            final Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, e) -> out.put(k, plain(e.value())));
            return out;
        }
        if (n instanceof ListNode l) {
            return l.items().stream().map(CampaignReader::plain).toList();
        }
        final ScalarNode s = (ScalarNode) n;
        return switch (s.type()) {
            case INTEGER -> {
                final long v = Long.parseLong(s.text().replace("_", ""));
                yield v == (int) v ? (Object) (int) v : (Object) v;
            }
            case FLOAT -> Double.parseDouble(s.text());
            case BOOLEAN -> Boolean.parseBoolean(s.text());
            case NULL -> null;
            default -> s.text();
        };
    }
}
