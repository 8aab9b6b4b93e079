package dev.newt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code newt} command line. */
@Command(name = "newt", mixinStandardHelpOptions = true, versionProvider = NewtCli.Version.class,
    description = "Newt: a harness for studying reliable multiserver systems.",
    subcommands = {DemoCommand.class, RunCommand.class, ValidateCommand.class, FaultsCommand.class, MergeCommand.class,
        ReportCommand.class, PingCommand.class, UdpEchoCommand.class, BenchCommand.class, HostCommand.class, ServeCommand.class, InjectCommand.class,
        UpdateCommand.class, RollbackCommand.class, ShrinkCommand.class,
        CommandLine.HelpCommand.class})
public final class NewtCli {

    /** Exit codes, documented in the README. */
    static final int OK = 0;
    /** The run finished but showed a result that is not the expected one. */
    static final int UNEXPECTED = 1;
    /** A bad command line or input file (picocli's own usage errors give the same). */
    static final int USAGE = 2;

    private NewtCli() {
    }

    /**
     * @param args the command line
     */
    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return the command line with every command, ready to execute */
    static CommandLine commandLine() {
        return new CommandLine(new NewtCli());
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String v = NewtCli.class.getPackage().getImplementationVersion();
            return new String[] {"newt " + (v == null ? "development build" : v),
                "JVM " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
