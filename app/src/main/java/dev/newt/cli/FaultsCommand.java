package dev.newt.cli;

import dev.newt.campaign.spec.AppServer;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.Components;
import dev.newt.campaign.spec.Plugins;
import dev.newt.campaign.spec.StackServer;
import dev.newt.campaign.spec.SystemModel;
import dev.newt.campaign.validate.Suggestions;
import dev.newt.core.image.ServerImage;
import dev.newt.faults.CandidateSite;
import dev.newt.faults.FaultType;
import dev.newt.faults.inject.FaultInjector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code newt faults}: what can be injected where. */
@Command(name = "faults", mixinStandardHelpOptions = true, description = "Fault types and fault sites.",
    subcommands = FaultsCommand.ListCommand.class)
final class FaultsCommand {
    /** The servers of the default system: hosts a and b joined by one wire. */
    static final List<String> DEFAULT_SERVERS = defaultServers();

    private static List<String> defaultServers() {
        final List<String> out = new ArrayList<>(List.of("wire.a-b"));
        for (String h : List.of("a", "b")) {
            for (StackServer s : StackServer.values()) {
                if (s != StackServer.WIRE) {
                    out.add(h + "." + s.layer());
                }
            }
        }
        return out;
    }

    /** {@code newt faults list [--server S]}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists the fault types with their parameters, and the candidate fault sites (methods a fault "
            + "can be woven into) of the servers of the default system (hosts a and b, wire.a-b), or of one.",
            "A campaign's fault goes to the server's handle method unless it names 'class' and 'method'.",
            "Exit code 0, or 2 for an unknown server."})
    static final class ListCommand implements Callable<Integer> {
        @Option(names = "--server", paramLabel = "S", description = "Only this server, such as b.tcp.")
        String server;

        @Option(names = "--campaign", paramLabel = "FILE", description = "The servers of this campaign's system: "
            + "every host's layers, wires, your own servers and workloads, and the built-in workloads' app servers.")
        java.nio.file.Path campaign;

        @Override
        public Integer call() {
            if (campaign != null) {
                return listCampaign();
            }
            if (server != null && !DEFAULT_SERVERS.contains(server)) {
                final String near = Suggestions.nearest(server, DEFAULT_SERVERS);
                System.err.println("unknown server '" + server + "'" + (near == null ? "" : " (did you mean '" + near
                    + "'?)") + "; servers: " + String.join(", ", DEFAULT_SERVERS));
                return NewtCli.USAGE;
            }
            System.out.println("fault types:");
            for (FaultType t : FaultType.values()) {
                System.out.printf("  %-18s %s%n", t.label(), t.parameterNames().isEmpty() ? "(no parameters)"
                    : "parameters: " + String.join(", ", t.parameterNames()));
            }
            for (String s : server == null ? DEFAULT_SERVERS : List.of(server)) {
                final StackServer kind = StackServer.of(s);
                if (server == null && s.startsWith("b.")) {
                    continue;
                }
                System.out.println();
                System.out.printf("%s%s (%s):%n", s, server == null && s.startsWith("a.") ? " and b." + kind.layer()
                    : "", kind.serverClass().getName());
                for (CandidateSite c : FaultInjector.listSites(ServerImage.of(s, kind.serverClass()))) {
                    System.out.printf("  %s#%s  %s%n", c.className(), c.method(), c.signature());
                }
            }
            return NewtCli.OK;
        }

        /** Every server of a campaign's system, each with its sites. */
        private Integer listCampaign() {
            final CampaignReader.Result read = CampaignReader.read(campaign);
            if (!read.valid()) {
                read.problems().forEach(System.err::println);
                return NewtCli.USAGE;
            }
            final SystemModel system = read.campaign().system();
            final List<String> servers = new ArrayList<>(system.injectableServers());
            servers.addAll(AppServer.names(read.campaign().workloads()));
            if (server != null && !servers.contains(server)) {
                System.err.println("unknown server '" + server + "'; servers: " + String.join(", ", servers));
                return NewtCli.USAGE;
            }
            final ClassLoader plugins = Plugins.loader(Plugins.paths(system));
            for (String s : server == null ? servers : List.of(server)) {
                System.out.printf("%s (%s):%n", s, Components.serverClassName(system, s));
                for (CandidateSite c : FaultInjector.listSites(Components.image(system, s, plugins))) {
                    System.out.printf("  %s#%s  %s%n", c.className(), c.method(), c.signature());
                }
            }
            return NewtCli.OK;
        }
    }
}
