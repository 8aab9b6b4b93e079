package dev.newt.cli;

import dev.newt.serve.ControlApi;
import java.io.PrintStream;

/** What {@code newt serve}, {@code newt host} and {@code newt demo --live} print about their control plane. */
final class ControlBanner {
    private ControlBanner() {
    }

    /**
     * @param api the control plane
     * @param out where to print the dashboard's URL, the token, and how scripts pass it
     */
    static void print(final ControlApi api, final PrintStream out) {
        out.println("  dashboard: " + api.dashboardUrl());
        out.println("  token:     " + api.token() + "   (newt inject/update/rollback --token TOKEN, or export "
            + ApiCall.TOKEN_ENV + "=TOKEN)");
        out.flush();
    }
}
