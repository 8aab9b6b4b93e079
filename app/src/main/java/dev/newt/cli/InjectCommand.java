package dev.newt.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code newt inject --url URL FAULTSPEC}: injects a fault into a running {@code newt serve}. */
@Command(name = "inject", mixinStandardHelpOptions = true,
    description = "Injects a fault into a running newt serve: FAULTSPEC is a campaign file's experiment entry as "
        + "JSON, e.g. '{\"target\": \"b.tcp\", \"fault\": \"crash\", \"trigger\": \"nth:1\"}'.")
final class InjectCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8020", description = "The serve's URL "
        + "(default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The token the serve or host printed at start "
        + "(default: the environment variable NEWT_TOKEN).")
    String token;

    @Parameters(index = "0", paramLabel = "FAULTSPEC", description = "The fault, as JSON.")
    String fault;

    @Override
    public Integer call() {
        return ApiCall.post(url, "/api/faults", fault, ApiCall.token(token), System.out, System.err);
    }
}
