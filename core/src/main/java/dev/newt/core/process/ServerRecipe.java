package dev.newt.core.process;

import dev.newt.core.server.ServerSpec;
import java.util.List;

/**
 * How a child JVM builds a server it runs: a class with a public no-argument constructor, named by
 * the parent and instantiated in both processes, which makes the server's spec from its name and
 * string arguments. The child runs the spec's server; the parent takes its settings (recovery,
 * checkpoints, deadlines, ...) from the same recipe, so the two agree.
 */
public interface ServerRecipe {

    /**
     * @param name the server's name
     * @param args the recipe's arguments, as the parent gave them
     * @return the server's spec, in-JVM (the child runs it as is)
     */
    ServerSpec<?> spec(String name, List<String> args);
}
