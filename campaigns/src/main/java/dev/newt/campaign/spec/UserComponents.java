package dev.newt.campaign.spec;

import dev.newt.campaign.validate.Fields;
import dev.newt.campaign.validate.Problems;
import dev.newt.campaign.yaml.MapNode;
import dev.newt.campaign.yaml.Node;
import dev.newt.campaign.yaml.ScalarNode;
import dev.newt.core.server.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the user's own servers ({@code system.servers.<name>} with {@code image} and {@code class})
 * and workloads ({@code system.workloads.<name>}), and checks what can be checked before a run:
 * the image exists, the class is in it, is a {@code Server}, and its state class can be told.
 */
final class UserComponents {
    private final Problems problems;
    private final Path base;

    UserComponents(final Problems problems, final Path base) {
        this.problems = problems;
        this.base = base;
    }

    UserComponent component(final MapNode.Entry e, final String path, final List<String> keys,
                            final boolean workload) {
        final Fields f = Fields.of(e.value(), path, problems, keys);
        final String image = f.requiredString("image");
        final String className = f.requiredString("class");
        final String state = f.has("state") ? f.string("state", null) : null;
        final int audit = f.has("audit") ? (int) f.integer("audit", 0, 0, Integer.MAX_VALUE) : 0;
        final List<Object> args = new ArrayList<>();
        for (Node n : f.list("args")) {
            if (n instanceof ScalarNode x && x.type() != ScalarNode.Type.NULL) {
                args.add(CampaignReader.plain(n));
            } else {
                problems.add(n.location(), path + ".args", "an argument is a number, string or boolean, was "
                    + n.describe());
            }
        }
        if (image == null || className == null) {
            return null;
        }
        final Path dir = base.resolve(image).normalize();
        if (!Files.exists(dir)) {
            problems.add(f.node("image").location(), path + ".image", "image " + dir + " does not exist: give the "
                + "class directory or jar of your component, relative to the campaign file");
            return null;
        }
        final Class<?> type;
        try {
            type = Class.forName(className, false, Plugins.loader(List.of(dir)));
        } catch (ClassNotFoundException | LinkageError ex) {
            problems.add(f.node("class").location(), path + ".class", "class " + className + " is not in image "
                + dir + " (give its binary name, such as com.example.kv.KvServer)");
            return null;
        }
        if (!Server.class.isAssignableFrom(type)) {
            problems.add(f.node("class").location(), path + ".class", "class " + className + " is not a server: it "
                + "does not implement " + Server.class.getName());
            return null;
        }
        if (state == null) {
            try {
                Plugins.stateClassOf(type);
            } catch (IllegalArgumentException ex) {
                problems.add(f.node("class").location(), path + ".class", ex.getMessage());
                return null;
            }
        }
        return new UserComponent(e.key(), dir, className, state, args, audit, workload, e.keyLocation());
    }

    /** Names must be unique and must not look like a stack server's ({@code host.layer}, {@code wire.*}). */
    void checkNames(final List<UserComponent> components, final Set<String> hosts) {
        final Set<String> seen = new HashSet<>();
        for (UserComponent u : components) {
            final String path = (u.workload() ? "system.workloads." : "system.servers.") + u.name();
            if (!u.name().matches("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*")) {
                problems.add(u.location(), path, "a server name is letters, digits, '_', '-' and '.', starting "
                    + "with a letter");
            } else if (!seen.add(u.name())) {
                problems.add(u.location(), path, "server '" + u.name() + "' is declared twice");
            } else if (u.name().startsWith("wire.") || hosts.contains(u.name().split("\\.")[0])
                && SystemModel.LAYERS.contains(u.name().substring(u.name().lastIndexOf('.') + 1))) {
                problems.add(u.location(), path, "'" + u.name() + "' is the name of a stack server: choose "
                    + "another");
            }
        }
    }
}
