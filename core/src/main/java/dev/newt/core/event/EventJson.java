package dev.newt.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes events as JSON lines, one event an line with a {@code type} field. */
public final class EventJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    private EventJson() {
    }

    /** @param event to write @return one line of JSON, without the newline */
    public static String toLine(final Event event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be written as JSON: " + event, e);
        }
    }

    /**
     * @param line one line of an event log
     * @return the typed event
     * @throws IllegalArgumentException if the line is not a known event
     */
    public static Event fromLine(final String line) {
        try {
            return MAPPER.readValue(line, Event.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a whole event log, naming the line of any bad event.
     *
     * @param source name of the source, for error messages
     * @param reader the JSON lines
     * @return the events in order
     */
    public static List<Event> read(final String source, final Reader reader) {
        final List<Event> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(reader)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(fromLine(line));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + ":" + n + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        return events;
    }

    /** @param file a JSON lines event log @return the events in order */
    public static List<Event> read(final Path file) {
        try {
            return read(file.toString(), Files.newBufferedReader(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }
}
