package dev.newt.campaign.system;

import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.Components;
import dev.newt.campaign.spec.Plugins;
import dev.newt.campaign.spec.UserComponent;
import dev.newt.core.event.EventLog;
import dev.newt.core.process.ServerRecipe;
import dev.newt.core.server.ServerSpec;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.inject.FaultInjector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a campaign's server of your own in the child JVM of {@code isolation: process}: it reads
 * the campaign file again for the server's image, class and arguments, and weaves the run's faults
 * for that server (the plan travels as JSON) with an injector of its own, which decides and applies
 * them there; their {@code fault-activated} events reach the run's log through the handler's
 * context, where the run's injector counts them ({@link FaultInjector#runsElsewhere}).
 *
 * <p>Arguments: the campaign file (absolute) and the plan's JSON. A process keeps what it built
 * for the next incarnation it serves (a handler that threw leaves its process sound), so a fault
 * that fired once stays disarmed there, as it does in one JVM; a process that died takes its
 * injector with it, and a new one arms the server's faults afresh.
 */
public final class IsolatedComponentRecipe implements ServerRecipe {
    private final Map<List<String>, ServerSpec<?>> built = new ConcurrentHashMap<>();

    /**
     * @param file the campaign file
     * @param plan the run's faults
     * @return the recipe's arguments
     */
    static List<String> args(final Campaign c, final FaultPlan plan) {
        return List.of(Path.of(c.file()).toAbsolutePath().toString(), plan.toJson());
    }

    @Override
    public ServerSpec<?> spec(final String name, final List<String> args) {
        final List<String> key = new java.util.ArrayList<>(args);
        key.add(name);
        return built.computeIfAbsent(key, k -> build(name, args));
    }

    private static ServerSpec<?> build(final String name, final List<String> args) {
        if (args.size() != 2) {
            throw new IllegalArgumentException("server '" + name + "': expected the campaign file and the fault plan, got "
                + args.size() + " arguments");
        }
        final CampaignReader.Result read = CampaignReader.read(Path.of(args.get(0)));
        if (!read.valid()) {
            throw new IllegalArgumentException("server '" + name + "': campaign " + args.get(0) + " is not valid: "
                + read.problems());
        }
        final Campaign c = read.campaign();
        final UserComponent u = Components.user(c.system(), name);
        if (u == null) {
            throw new IllegalArgumentException("server '" + name + "' is not a server of your own in " + args.get(0));
        }
        final FaultInjector faults = FaultInjector.of(FaultPlan.fromJson(args.get(1)));
        final ClassLoader plugins = Plugins.loader(Plugins.paths(c.system()));
        final ServerSpec<?> spec = SystemAssembly.userSpec(c, u, plugins, faults,
            faults.plan().faults().isEmpty() ? Set.of() : Set.of(name));
        if (!faults.plan().faults().isEmpty()) {
            // Events from handlers go through their context to the parent; this log keeps only fault-armed.
            faults.installStandalone(new EventLog());
        }
        return spec;
    }
}
