package dev.newt.campaign.spec;

import dev.newt.campaign.validate.Fields;
import dev.newt.campaign.validate.Problems;
import dev.newt.campaign.yaml.MapNode;
import dev.newt.campaign.yaml.Node;
import dev.newt.campaign.yaml.ScalarNode;
import dev.newt.net.host.HostConfig;
import dev.newt.net.pf.PfAction;
import dev.newt.net.pf.PfRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code system} section of a campaign file: hosts, links and supervision settings. */
final class SystemReader {
    private static final List<String> SYSTEM = List.of("hosts", "links", "servers", "workloads", "monolithic");
    private static final List<String> HOST = List.of("name", "address", "pf", "replicas");
    private static final List<String> PF = List.of("default", "rules");
    private static final List<String> LINK = List.of("between", "latency", "bandwidth", "mtu", "loss", "duplicate",
        "reorder", "reorderDelay", "corrupt");
    private static final List<String> SERVER = List.of("recovery", "checkpointEvery", "restarts", "window",
        "hangDeadline", "isolation");
    /** Keys that make a {@code system.servers} entry a user server rather than settings of existing ones. */
    private static final List<String> USER_SERVER = List.of("recovery", "checkpointEvery", "restarts", "window",
        "hangDeadline", "isolation", "image", "class", "state", "args", "audit");
    private static final List<String> USER_WORKLOAD = List.of("image", "class", "state", "args");
    private static final List<String> POLICIES = CampaignReader.POLICIES;

    private final Problems problems;
    private final Path base;

    SystemReader(final Problems problems, final Path base) {
        this.problems = problems;
        this.base = base;
    }

    SystemModel system(final Node node) {
        final Fields f = Fields.of(node, "system", problems, SYSTEM);
        final List<HostModel> hosts = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        final Map<Integer, String> byAddress = new HashMap<>();
        final Map<String, Subnet> subnets = new HashMap<>();
        final List<Node> hs = f.list("hosts");
        if (hs.isEmpty() && !f.has("servers") && !f.has("workloads")) {
            problems.add(f.location(), "system.hosts", "needs at least one host, or servers of your own");
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
            final Subnet subnet = address == null ? null : Subnet.parse(address);
            if (address != null && subnet == null) {
                problems.add(h.node("address").location(), path + ".address", "must be an IPv4 address (four "
                    + "numbers 0 to 255) and a prefix length 1 to 32, such as 10.0.0.1/24, was '" + address + "'");
            } else if (subnet != null && byAddress.containsKey(subnet.address())) {
                problems.add(h.node("address").location(), path + ".address", "address " + subnet.addressText()
                    + " is taken: host '" + byAddress.get(subnet.address()) + "' has it already");
            } else if (subnet != null && name != null) {
                byAddress.put(subnet.address(), name);
                subnets.put(name, subnet);
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
            final int replicas = (int) h.integer("replicas", 1, 1, HostConfig.MAX_REPLICAS);
            if (name != null && address != null) {
                hosts.add(new HostModel(name, address, pfDefault, rules, replicas));
            }
        }
        final List<LinkModel> links = new ArrayList<>();
        final Set<String> wired = new HashSet<>();
        final List<Node> ls = f.list("links");
        for (int i = 0; i < ls.size(); i++) {
            final LinkModel l = link(ls.get(i), "system.links[" + i + "]", names, wired);
            if (l != null) {
                links.add(l);
                final Subnet a = subnets.get(l.a());
                final Subnet b = subnets.get(l.b());
                if (a != null && b != null && !(a.contains(b.address()) && b.contains(a.address()))) {
                    // A host has one interface and no router: a peer off its subnet cannot be reached.
                    problems.add(((MapNode) ls.get(i)).get("between").location(), "system.links[" + i + "].between",
                        "no route between '" + l.a() + "' (" + a + ") and '" + l.b() + "' (" + b + "): hosts joined "
                            + "by a link must be on one subnet");
                }
            }
        }
        for (HostModel h : hosts) {
            if (!wired.contains(h.name())) {
                problems.add(f.location(), "system.links", "host '" + h.name() + "' has no link");
            }
        }
        final List<ServerSettings> settings = new ArrayList<>();
        final List<UserComponent> components = new ArrayList<>();
        final UserComponents users = new UserComponents(problems, base);
        if (f.node("servers") instanceof MapNode m) {
            for (MapNode.Entry e : m.entries().values()) {
                if (e.value() instanceof MapNode v && (v.get("class") != null || v.get("image") != null)) {
                    final UserComponent u = users.component(e, "system.servers." + e.key(), USER_SERVER, false);
                    if (u != null) {
                        components.add(u);
                    }
                }
            }
        }
        if (f.has("workloads")) {
            if (f.node("workloads") instanceof MapNode m) {
                for (MapNode.Entry e : m.entries().values()) {
                    final UserComponent u = users.component(e, "system.workloads." + e.key(), USER_WORKLOAD, true);
                    if (u != null) {
                        components.add(u);
                    }
                }
            } else {
                problems.add(f.node("workloads").location(), "system.workloads", "must be a map from workload name "
                    + "to its image, class and args, was " + f.node("workloads").describe());
            }
        }
        users.checkNames(components, names);
        final Set<String> userNames = new HashSet<>();
        components.forEach(u -> userNames.add(u.name()));
        if (f.has("servers")) {
            if (f.node("servers") instanceof MapNode m) {
                for (MapNode.Entry e : m.entries().values()) {
                    final boolean user = e.value() instanceof MapNode v && (v.get("class") != null
                        || v.get("image") != null);
                    settings.add(settings(e, hosts, userNames, user));
                }
            } else {
                problems.add(f.node("servers").location(), "system.servers", "must be a map from server name (or "
                    + "pattern such as *.tcp) to settings, was " + f.node("servers").describe());
            }
        }
        return new SystemModel(hosts, links, settings, f.bool("monolithic", false), components);
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

    private ServerSettings settings(final MapNode.Entry e, final List<HostModel> hosts, final Set<String> users,
                                    final boolean user) {
        final String path = "system.servers." + e.key();
        final List<String> names = new ArrayList<>();
        hosts.stream().sorted(java.util.Comparator.comparing(HostModel::name))
            .forEach(h -> SystemModel.LAYERS.forEach(layer -> names.addAll(h.servers(layer))));
        names.addAll(users);
        final ServerSettings probe = new ServerSettings(e.key(), null, null, null, null, null);
        if (!user && names.stream().noneMatch(probe::matches) && !e.key().startsWith("wire.")
            && !e.key().contains(".app.")) {
            problems.unknown(e.keyLocation(), path, "server", e.key(), names);
        }
        // A user server's keys were checked with it (UserComponents): its supervision keys are read here alike.
        final Fields f = user ? Fields.of(e.value(), path, problems,
            List.copyOf(((MapNode) e.value()).entries().keySet())) : Fields.of(e.value(), path, problems, SERVER);
        final String recovery = f.has("recovery") ? f.choice("recovery", POLICIES, null, "recovery policy") : null;
        final Integer every = f.has("checkpointEvery")
            ? (int) f.integer("checkpointEvery", 1, 0, Integer.MAX_VALUE) : null;
        final Integer restarts = f.has("restarts") ? (int) f.integer("restarts", 3, 0, 1_000_000) : null;
        final Duration window = f.has("window") ? f.positiveDuration("window", Duration.ofSeconds(5)) : null;
        final Duration hang = f.has("hangDeadline") ? f.positiveDuration("hangDeadline", Duration.ofMillis(50)) : null;
        if ((restarts == null) != (window == null)) {
            problems.add(f.location(), path, "restart intensity needs both 'restarts' and 'window'");
        }
        final String isolation = f.has("isolation")
            ? f.choice("isolation", ServerSettings.ISOLATIONS, null, "server isolation") : null;
        if ("process".equals(isolation)) {
            // The child JVM builds the server from the campaign file: only servers of your own so far.
            final List<String> notOwn = names.stream().filter(probe::matches).filter(n -> !users.contains(n)).toList();
            if (!notOwn.isEmpty() || e.key().startsWith("wire.") || e.key().contains(".app.")) {
                problems.add(f.node("isolation").location(), path + ".isolation", "isolation: process runs only "
                    + "servers of your own (with image and class) in a child JVM so far; '" + e.key() + "' selects "
                    + (notOwn.isEmpty() ? "a wire or workload server" : "stack servers " + notOwn));
            }
        }
        return new ServerSettings(e.key(), recovery, every, restarts, window, hang, isolation);
    }
}
