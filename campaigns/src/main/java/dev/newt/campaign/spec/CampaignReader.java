package dev.newt.campaign.spec;

import dev.newt.campaign.validate.Fields;
import dev.newt.campaign.validate.Problem;
import dev.newt.campaign.validate.Problems;
import dev.newt.campaign.yaml.InputFiles;
import dev.newt.campaign.yaml.ListNode;
import dev.newt.campaign.yaml.Location;
import dev.newt.campaign.yaml.MapNode;
import dev.newt.campaign.yaml.Node;
import dev.newt.campaign.yaml.ScalarNode;
import dev.newt.campaign.yaml.YamlTree;
import dev.newt.core.server.RecoveryPolicy;
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
        "workloads", "experiments", "matrix", "updates", "schedules");
    private static final List<String> WORKLOAD_COMMON = List.of("type", "from", "to");
    private static final List<String> UPDATE = List.of("at", "servers", "image", "class", "args", "probation");
    static final List<String> POLICIES = java.util.Arrays.stream(RecoveryPolicy.values())
        .map(RecoveryPolicy::label).toList();

    private final String file;
    private final Problems problems = new Problems();

    private CampaignReader(final String file) {
        this.file = file;
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
     * @param path the campaign file
     * @return the campaign or the problems
     */
    public static Result read(final Path path) {
        final byte[] bytes;
        try {
            bytes = InputFiles.read(path, InputFiles.MAX_CAMPAIGN_BYTES);
        } catch (InputFiles.Refused e) {
            return new Result(null, List.of(new Problem(new Location(path.toString(), 1, 1), "", e.getMessage(),
                null)));
        }
        return read(path.toString(), new String(bytes, StandardCharsets.UTF_8), sha256(bytes));
    }

    /**
     * @param file    the file's name, for locations
     * @param content the campaign as YAML
     * @param sha256  hash of the content's bytes
     * @return the campaign or the problems
     */
    public static Result read(final String file, final String content, final String sha256) {
        final Node root;
        try {
            root = YamlTree.read(file, content);
        } catch (YamlTree.SyntaxException e) {
            return new Result(null, List.of(new Problem(e.location(), "", e.getMessage()
                .substring(e.location().toString().length() + 2), null)));
        }
        final CampaignReader r = new CampaignReader(file);
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
        final String name = f.has("name") ? name(f) : missingName(f);
        final long seed = f.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        final String executor = f.choice("executor", Campaign.EXECUTORS, "simulated", "executor");
        final String isolation = f.choice("isolation", Campaign.ISOLATIONS, executor.equals("threaded") ? "process"
            : "thread", "isolation");
        if (executor.equals("threaded") && isolation.equals("thread")) {
            problems.add(f.node("isolation").location(), "isolation", "threaded experiments always run in a forked "
                + "JVM: remove 'isolation' or make it 'process'");
        }
        final Duration duration = f.positiveDuration("duration", Duration.ofSeconds(10));
        final Duration deadline = f.positiveDuration("deadline", Duration.ofSeconds(120));
        final SystemModel system = f.has("system") ? new SystemReader(problems, Path.of(file).toAbsolutePath()
            .getParent()).system(f.node("system"))
            : missingSystem(f);
        final Set<String> hosts = new HashSet<>();
        system.hosts().forEach(h -> hosts.add(h.name()));
        final List<WorkloadModel> workloads = new ArrayList<>();
        if (!f.has("workloads") && system.components().stream().noneMatch(UserComponent::workload)) {
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
        final ExperimentReader experiments = new ExperimentReader(problems);
        final List<ExperimentGroup> groups = new ArrayList<>();
        final List<String> targets = system.injectableServers();
        // The workloads' app servers are targets when named; `targets: all` keeps to the system's servers.
        final List<String> named = new ArrayList<>(targets);
        named.addAll(AppServer.names(workloads));
        final List<Node> ex = f.list("experiments");
        for (int i = 0; i < ex.size(); i++) {
            final ExperimentGroup g = experiments.entry(ex.get(i), "experiments[" + i + "]", named);
            if (g != null) {
                groups.add(g);
            }
        }
        if (f.has("matrix")) {
            final ExperimentGroup g = experiments.matrix(f.node("matrix"), targets, named);
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
        ScheduleModel schedules = null;
        if (f.has("schedules")) {
            schedules = new ScheduleReader(problems, (n, p) -> update(n, p, allServers)).read(f.node("schedules"),
                targets, named);
            if (!executor.equals("simulated") || isolation.equals("process")) {
                problems.add(f.node("schedules").location(), "schedules", "schedules run on the simulated executor "
                    + "in this JVM (executor: simulated, isolation: thread), where a run is reproduced from its seed");
            }
            if (system.monolithic()) {
                problems.add(f.node("schedules").location(), "schedules", "faults cannot go into the layers of "
                    + "monolithic hosts yet (see system.monolithic)");
            }
        }
        return new Campaign(file, sha, name, seed, executor, isolation, duration, deadline, system, workloads, groups,
            updates, schedules);
    }

    /** The name, which names the results directory ({@code newt-out/<name>}): a safe file name, never a path. */
    private String name(final Fields f) {
        final String name = f.string("name", "campaign");
        if (name != null && !Campaign.NAME.matcher(name).matches()) {
            problems.add(f.node("name").location(), "name", "a campaign name names its results directory: use "
                + "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters; was '"
                + name + "'");
            return "campaign";
        }
        return name;
    }

    private String missingName(final Fields f) {
        f.missing("name");
        return "campaign";
    }

    private SystemModel missingSystem(final Fields f) {
        f.missing("system");
        return new SystemModel(List.of(), List.of(), List.of(), false);
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
                params.put(k, f.positiveDuration(k, dv));
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
            final String s = ExperimentReader.target(n, path + ".servers", servers.stream().sorted().toList(),
                problems);
            if (s != null) {
                names.add(s);
            }
        }
        if (image == null) {
            return null;
        }
        final Path parent = Path.of(file).toAbsolutePath().getParent();
        final Path dir = parent.resolve(image).normalize();
        if (!Files.exists(dir)) {
            problems.add(f.node("image").location(), path + ".image", "image " + dir + " does not exist: give the "
                + "class directory or jar of the new version, relative to the campaign file (update-manager's build "
                + "makes target/images/tcp-v2 and target/images/tcp-broken)");
        }
        final List<Object> args = new ArrayList<>();
        for (Node n : f.list("args")) {
            if (n instanceof ScalarNode x && x.type() != ScalarNode.Type.NULL) {
                args.add(plain(n));
            } else {
                problems.add(n.location(), path + ".args", "an argument is a number, string or boolean, was "
                    + n.describe());
            }
        }
        return new UpdateModel(at, names, image, dir, f.has("class") ? f.string("class", null) : null, args,
            f.duration("probation", Duration.ZERO));
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
