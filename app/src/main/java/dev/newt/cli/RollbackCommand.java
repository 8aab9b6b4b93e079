package dev.newt.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code newt rollback [ID]}: rolls a committed live update back in a running {@code newt serve} or host. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
    description = "Rolls a committed live update back, by a live update of its server to the version it ran "
        + "before, in a running newt serve or newt host; prints the rollback's own update id.")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    ControlPlaneOptions api;

    @Parameters(index = "0", arity = "0..1", defaultValue = "last", paramLabel = "ID",
        description = "The update, e.g. u2 (default: the last one that committed).")
    String id;

    @Override
    public Integer call() {
        if (!id.matches("[A-Za-z0-9_-]+")) {
            System.err.println("newt rollback: ID '" + id + "' must be an update id such as u2, or last");
            return NewtCli.USAGE;
        }
        return ApiCall.post(api.url, "/api/updates/" + id + "/rollback", "{}", api.token(), System.out,
            System.err);
    }
}
