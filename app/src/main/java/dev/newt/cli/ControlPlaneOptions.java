package dev.newt.cli;

import picocli.CommandLine.Option;

/** Where a running {@code newt serve} or {@code newt host} listens, and its token: the options of the commands that call it. */
final class ControlPlaneOptions {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8020", description = "The serve's URL "
        + "(default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The token the serve or host printed at start "
        + "(default: the environment variable NEWT_TOKEN).")
    String token;

    /** @return the token given, or NEWT_TOKEN's */
    String token() {
        return ApiCall.token(token);
    }
}
