package dev.newt.net.api;

import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.runtime.ServerStatus;
import dev.newt.net.host.HostNames;

/** How many replicas of its stack a host of a running system has, counted by its sock servers. */
final class StackReplicas {
    private StackReplicas() {
    }

    /**
     * @param runtime the runtime
     * @param host    a host name
     * @return the number of its {@code <host>.sock}, {@code <host>.sock#1}, ... servers; at least 1
     */
    static int of(final NewtRuntime runtime, final String host) {
        final String sock = HostNames.sock(host);
        int n = 0;
        for (ServerStatus s : runtime.statuses()) {
            if (HostNames.withoutReplica(s.name()).equals(sock)) {
                n++;
            }
        }
        return Math.max(1, n);
    }
}
