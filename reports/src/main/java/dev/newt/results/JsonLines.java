package dev.newt.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON-lines file whose last line may be torn by a killed writer: a last line that does not
 * parse is skipped with a warning; any other line that does not parse is an error naming the file
 * and line, or, when the caller tolerates it, another warning.
 */
final class JsonLines {

    /** Parses one line; throws anything to say it is not a valid item. */
    @FunctionalInterface
    interface LineParser<T> {
        T parse(String line) throws Exception;
    }

    /** What was read: the items in order and what was skipped. */
    record Read<T>(List<T> items, List<String> warnings) {
    }

    private JsonLines() {
    }

    /**
     * @param file           the JSON-lines file
     * @param name           how to name it in messages, such as {@code results.jsonl}
     * @param parser         reads one line
     * @param tolerateMiddle whether a bad line before the last is skipped with a warning rather than fatal
     * @return the items and warnings
     * @throws ResultsException naming the file and line when a line before the last does not parse
     *                          and that is not tolerated, or when the file cannot be read
     */
    static <T> Read<T> read(final Path file, final String name, final LineParser<T> parser,
                            final boolean tolerateMiddle) {
        final List<T> items = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        // A line that does not parse is judged when the next non-blank line shows it was not the last.
        Failure pending = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                if (pending != null) {
                    middle(name, pending, tolerateMiddle, warnings);
                    pending = null;
                }
                try {
                    items.add(parser.parse(line));
                } catch (Exception e) {
                    pending = new Failure(n, e);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ResultsException("cannot read " + name + ": " + e.getMessage(), e);
        }
        if (pending != null) {
            warnings.add(name + ":" + pending.line() + ": last line does not parse (torn by a killed run?); skipped");
        }
        return new Read<>(items, warnings);
    }

    private record Failure(int line, Exception error) {
    }

    private static void middle(final String name, final Failure f, final boolean tolerate, final List<String> warnings) {
        final String where = name + ":" + f.line();
        if (!tolerate) {
            throw new ResultsException(where + ": line does not parse: " + reason(f.error()), f.error());
        }
        warnings.add(where + ": line does not parse (" + reason(f.error()) + "); skipped");
    }

    /** Jackson's message without the source excerpt it appends, first line only. */
    static String reason(final Throwable e) {
        final String m = e instanceof JsonProcessingException j
            ? j.getOriginalMessage() + location(j) : String.valueOf(e.getMessage());
        final int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String location(final JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
    }
}
