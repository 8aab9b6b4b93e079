package dev.newt.campaign.spec;

import dev.newt.campaign.yaml.Location;
import java.nio.file.Path;
import java.util.List;

/**
 * A server of the user's own, declared in a campaign file ({@code system.servers.<name>} with an
 * {@code image} and a {@code class}, or {@code system.workloads.<name>}): loaded from its image (a
 * class directory or jar) in a loader of its own, so that a fault can be woven into it and it can be
 * updated live. Types outside its package (its messages) come from the campaign's plugin loader,
 * shared by every component.
 *
 * @param name       the server's name
 * @param image      its class directory or jar, resolved against the campaign file's directory
 * @param className  binary name of its {@code Server} class
 * @param stateClass binary name of its state class, or {@code null} to read it from the class's
 *                   {@code Server<S>} type argument
 * @param args       constructor arguments: numbers, strings, booleans
 * @param auditEvery audit the state after every this many messages; 0: never
 * @param workload   whether it is a workload: it writes a summary ({@code WorkloadReport}) that ends the run
 * @param location   where it is declared, for problems found later (sites, classes)
 */
public record UserComponent(String name, Path image, String className, String stateClass, List<Object> args,
                            int auditEvery, boolean workload, Location location) {
    /** Freezes the arguments. */
    public UserComponent {
        args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }
}
