package dev.newt.campaign.run;

import dev.newt.core.event.Event;
import dev.newt.core.event.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads an event log a forked run wrote, tolerating the torn last line of a killed process. */
final class EventLogs {
    private EventLogs() {
    }

    static List<Event> read(final Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event log " + file, e);
        }
        final List<Event> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(EventJson.fromLine(lines.get(i)));
            } catch (RuntimeException e) {
                if (i < lines.size() - 1) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": not an event: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}
