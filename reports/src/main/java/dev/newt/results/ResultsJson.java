package dev.newt.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapping of results files, shared by the runner that writes and the reports that read. */
public final class ResultsJson {
    /** Reading tolerates fields added by newer versions; writing is deterministic. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .build();

    private ResultsJson() {
    }

    /** @param result to write @return one line of JSON, without the newline */
    public static String toLine(final ExperimentResult result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("result " + result.id() + " cannot be written as JSON", e);
        }
    }

    /**
     * @param line one line of {@code results.jsonl}
     * @return the result
     * @throws JsonProcessingException when the line is not a result (a torn last line of a killed run)
     */
    public static ExperimentResult fromLine(final String line) throws JsonProcessingException {
        return MAPPER.readValue(line, ExperimentResult.class);
    }
}
