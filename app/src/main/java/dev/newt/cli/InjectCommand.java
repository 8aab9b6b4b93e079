package dev.newt.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code newt inject --url URL FAULTSPEC}: injects a fault into a running {@code newt serve}. */
@Command(name = "inject", mixinStandardHelpOptions = true,
    description = "Injects a fault into a running newt serve: FAULTSPEC is a campaign file's experiment entry as "
        + "JSON, e.g. '{\"target\": \"b.tcp\", \"fault\": \"crash\", \"trigger\": \"nth:1\"}'.")
final class InjectCommand implements Callable<Integer> {
    @Mixin
    ControlPlaneOptions api;

    @Parameters(index = "0", paramLabel = "FAULTSPEC", description = "The fault, as JSON.")
    String fault;

    @Override
    public Integer call() {
        return ApiCall.post(api.url, "/api/faults", fault, api.token(), System.out, System.err);
    }
}
