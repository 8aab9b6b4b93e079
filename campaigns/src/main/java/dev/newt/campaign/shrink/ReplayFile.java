package dev.newt.campaign.shrink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.newt.campaign.spec.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a schedule as a campaign file of one experiment: the original file's system and workloads,
 * its name with a suffix, the schedule's seed as the campaign seed, no list or matrix, and
 * {@code schedules: {seed, replay: {faults, updates, recovery}}}. Image paths (the campaign's updates,
 * the schedule's, user servers') are written absolute, so the file runs from anywhere.
 */
public final class ReplayFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private ReplayFile() {
    }

    /**
     * @param original the campaign file the schedule was drawn from
     * @param suffix   added to the campaign's name, such as {@code -e0007-shrunk}
     * @param s        the schedule
     * @param out      the file to write
     * @throws IOException when the original cannot be read or the file written
     */
    @SuppressWarnings("unchecked")
    public static void write(final Path original, final String suffix, final Schedule s, final Path out)
        throws IOException {
        final Path base = original.toAbsolutePath().getParent();
        final Map<String, Object> doc = YAML.readValue(original.toFile(), LinkedHashMap.class);
        final Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", trim(doc.get("name") + suffix));
        c.put("seed", s.seed());
        doc.forEach((k, v) -> {
            if (!List.of("name", "seed", "experiments", "matrix", "schedules").contains(k)) {
                c.put(k, v);
            }
        });
        if (c.get("updates") instanceof List<?> ups) {
            ups.forEach(u -> absolute((Map<String, Object>) u, base));
        }
        if (c.get("system") instanceof Map<?, ?> sys && sys.get("servers") instanceof Map<?, ?> servers) {
            servers.values().forEach(v -> {
                if (v instanceof Map<?, ?> m) {
                    absolute((Map<String, Object>) m, base);
                }
            });
        }
        final Map<String, Object> data = s.toData();
        final Map<String, Object> replay = new LinkedHashMap<>();
        final List<Object> faults = new ArrayList<>();
        for (Object f : (List<Object>) data.get("faults")) {
            // The fault's id stays: with the seed it seeds the fault's random choices.
            faults.add(new LinkedHashMap<>((Map<String, Object>) f));
        }
        final List<Object> updates = new ArrayList<>();
        for (Object u : (List<Object>) data.get("updates")) {
            final Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) u);
            m.remove("id");
            updates.add(m);
        }
        replay.put("faults", faults);
        replay.put("updates", updates);
        if (!s.recovery().isEmpty()) {
            replay.put("recovery", s.recovery());
        }
        final Map<String, Object> schedules = new LinkedHashMap<>();
        schedules.put("seed", s.seed());
        schedules.put("replay", replay);
        c.put("schedules", schedules);
        Files.createDirectories(out.toAbsolutePath().getParent());
        final String header = "# A schedule shrunk by newt shrink from " + original + ": replay it with\n"
            + "#   newt run " + out + "\n";
        Files.writeString(out, header + YAML.writeValueAsString(c));
    }

    private static void absolute(final Map<String, Object> m, final Path base) {
        if (m.get("image") instanceof String image) {
            m.put("image", base.resolve(image).normalize().toString());
        }
    }

    /** A campaign name is at most 100 characters. */
    private static String trim(final String name) {
        return name.length() <= 100 ? name : name.substring(0, 100);
    }
}
