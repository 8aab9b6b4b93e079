package dev.newt.campaign.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.newt.campaign.spec.Plugins;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.process.ServerRecipe;
import dev.newt.core.server.ServerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the new version of a campaign's process-isolated server in its child JVM, for an
 * {@code updates:} entry: the child loads the update's image (a class directory or jar) over the
 * campaign's plugin loader, as the run's JVM does for a server in it, and makes the server from it
 * with its constructor arguments. The parent keeps the running spec's settings
 * ({@code ImageSpecs.sameSettings}); the child runs only the handler. No fault is woven into the
 * new version (as in one JVM: faults are woven into the image the run started with).
 *
 * <p>Arguments ({@link #args}): the image's name and directory, the anchor class (the running
 * version's, whose package the image holds), the server and state classes, the constructor
 * arguments as JSON, then the plugin paths.
 */
public final class IsolatedUpdateRecipe implements ServerRecipe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<List<String>, ServerSpec<?>> built = new ConcurrentHashMap<>();

    /**
     * @param image       the image's name (in results)
     * @param imageDir    its class directory or jar
     * @param anchor      the running version's server class
     * @param serverClass the new version's server class
     * @param stateClass  the new version's state class
     * @param args        the constructor arguments, as the campaign file gives them
     * @param plugins     the campaign's plugin paths
     * @return the recipe's arguments
     */
    public static String[] args(final String image, final Path imageDir, final String anchor, final String serverClass,
                                final String stateClass, final List<Object> args, final List<Path> plugins) {
        final List<String> out = new ArrayList<>(List.of(image, imageDir.toAbsolutePath().toString(), anchor,
            serverClass, stateClass));
        try {
            out.add(JSON.writeValueAsString(args));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("constructor arguments " + args + " do not travel as JSON: "
                + e.getOriginalMessage(), e);
        }
        plugins.forEach(p -> out.add(p.toAbsolutePath().toString()));
        return out.toArray(String[]::new);
    }

    @Override
    public ServerSpec<?> spec(final String name, final List<String> args) {
        final List<String> key = new ArrayList<>(args);
        key.add(name);
        return built.computeIfAbsent(key, k -> build(name, args));
    }

    private static ServerSpec<?> build(final String name, final List<String> args) {
        if (args.size() < 6) {
            throw new IllegalArgumentException("server '" + name + "': expected image, directory, anchor, server and "
                + "state classes and arguments, got " + args);
        }
        final List<Path> paths = args.subList(6, args.size()).stream().map(Path::of).toList();
        final ClassLoader plugins = Plugins.loader(paths);
        final Class<?> anchor;
        try {
            anchor = Class.forName(args.get(2), false, plugins);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("server '" + name + "': no class " + args.get(2), e);
        }
        final ServerImage image = ServerImage.ofPackageAt(args.get(0), Path.of(args.get(1)), anchor);
        final List<Object> ctor;
        try {
            ctor = JSON.readValue(args.get(5), new TypeReference<List<Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("server '" + name + "': bad arguments " + args.get(5), e);
        }
        return ImageSpecs.spec(name, image, args.get(3), args.get(4), ImageArgs.into(image, ctor.toArray()));
    }
}
