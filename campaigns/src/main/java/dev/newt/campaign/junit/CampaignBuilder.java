package dev.newt.campaign.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign built from Java, key for key as in the YAML (docs/CAMPAIGNS.md, docs/EXTENDING.md).
 * {@link #writeTo} writes the campaign file, which the engine then reads and checks exactly as it
 * reads a hand-written one:
 *
 * <pre>{@code
 * Path file = CampaignBuilder.named("kv").seed(7)
 *     .server("kv", Path.of("target/classes"), "com.example.KvServer", Map.of("checkpointEvery", 1), 16)
 *     .workload("kv-check", Path.of("target/classes"), "com.example.KvWorkload", "kv", 2000)
 *     .matrix(List.of("kv"), List.of("crash"), List.of("nth:40"), List.of("fresh", "checkpoint"))
 *     .update("20ms", List.of("kv"), Path.of("target/kv-v2"), Map.of("probation", "5ms"))
 *     .writeTo(dir.resolve("kv.yaml"));
 * CampaignResults results = NewtCampaigns.run(file);
 * }</pre>
 */
public final class CampaignBuilder {
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Object> servers = new LinkedHashMap<>();
    private final Map<String, Object> workloads = new LinkedHashMap<>();
    private final List<Object> experiments = new ArrayList<>();
    private final List<Object> updates = new ArrayList<>();

    private CampaignBuilder(final String name) {
        root.put("name", name);
    }

    /** @param name the campaign's name (its results directory) @return a builder */
    public static CampaignBuilder named(final String name) {
        return new CampaignBuilder(name);
    }

    /** @param key a top-level key such as {@code duration} @param value its value @return this */
    public CampaignBuilder set(final String key, final Object value) {
        root.put(key, value);
        return this;
    }

    /** @param seed the campaign seed @return this */
    public CampaignBuilder seed(final long seed) {
        return set("seed", seed);
    }

    /**
     * A server of the user's ({@code system.servers.<name>}).
     *
     * @param name      its name
     * @param image     its class directory or jar (made absolute)
     * @param className its {@code Server} class
     * @param settings  its other keys: recovery, checkpointEvery, hangDeadline, audit, ...
     * @param args      its constructor arguments
     * @return this
     */
    public CampaignBuilder server(final String name, final Path image, final String className,
                                  final Map<String, Object> settings, final Object... args) {
        final Map<String, Object> s = component(image, className, args);
        s.putAll(settings);
        servers.put(name, s);
        return this;
    }

    /**
     * A workload of the user's ({@code system.workloads.<name>}).
     *
     * @param name      its name
     * @param image     its class directory or jar (made absolute)
     * @param className its class, a server that reports a {@code WorkloadReport}
     * @param args      its constructor arguments
     * @return this
     */
    public CampaignBuilder workload(final String name, final Path image, final String className,
                                    final Object... args) {
        workloads.put(name, component(image, className, args));
        return this;
    }

    /**
     * One experiment ({@code experiments} entry).
     *
     * @param target  the server
     * @param fault   a fault type's name or a map of the fault's keys
     * @param trigger such as {@code nth:40}
     * @return this
     */
    public CampaignBuilder experiment(final String target, final Object fault, final String trigger) {
        final Map<String, Object> e = new LinkedHashMap<>();
        e.put("target", target);
        e.put("fault", fault);
        e.put("trigger", trigger);
        experiments.add(e);
        return this;
    }

    /**
     * The fault matrix.
     *
     * @param targets    servers
     * @param faults     fault types' names or maps
     * @param triggers   triggers
     * @param recoveries recovery policies (empty: the servers' own)
     * @return this
     */
    public CampaignBuilder matrix(final List<String> targets, final List<?> faults, final List<String> triggers,
                                  final List<String> recoveries) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("targets", targets);
        m.put("faults", faults);
        m.put("triggers", triggers);
        if (!recoveries.isEmpty()) {
            m.put("recovery", recoveries);
        }
        return set("matrix", m);
    }

    /**
     * A live update in every run ({@code updates} entry), of the servers' running class.
     *
     * @param at      runtime clock time of the request, such as {@code 20ms}
     * @param servers the servers updated together
     * @param image   the new version's class directory or jar (made absolute)
     * @return this
     */
    public CampaignBuilder update(final String at, final List<String> servers, final Path image) {
        return update(at, servers, image, Map.of());
    }

    /**
     * A live update in every run ({@code updates} entry).
     *
     * @param at       runtime clock time of the request, such as {@code 20ms}
     * @param servers  the servers updated together
     * @param image    the new version's class directory or jar (made absolute)
     * @param settings its other keys: {@code class}, {@code args}, {@code probation}
     * @return this
     */
    public CampaignBuilder update(final String at, final List<String> servers, final Path image,
                                  final Map<String, Object> settings) {
        final Map<String, Object> u = new LinkedHashMap<>();
        u.put("at", at);
        u.put("servers", servers);
        u.put("image", image.toAbsolutePath().toString());
        u.putAll(settings);
        updates.add(u);
        return this;
    }

    /** @return the campaign as YAML */
    public String toYaml() {
        final Map<String, Object> out = new LinkedHashMap<>(root);
        final Map<String, Object> system = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        final Map<String, Object> given = (Map<String, Object>) root.getOrDefault("system", Map.of());
        system.putAll(given);
        if (!servers.isEmpty()) {
            system.put("servers", servers);
        }
        if (!workloads.isEmpty()) {
            system.put("workloads", workloads);
        }
        out.put("system", system);
        if (!experiments.isEmpty()) {
            out.put("experiments", experiments);
        }
        if (!updates.isEmpty()) {
            out.put("updates", updates);
        }
        try {
            return new ObjectMapper(new YAMLFactory()).writeValueAsString(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param file where to write the campaign @return the file */
    public Path writeTo(final Path file) {
        try {
            Files.writeString(file, toYaml());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> component(final Path image, final String className, final Object... args) {
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("image", image.toAbsolutePath().toString());
        s.put("class", className);
        if (args.length > 0) {
            s.put("args", List.of(args));
        }
        return s;
    }
}
