package dev.newt.campaign.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.newt.campaign.yaml.InputFiles;
import dev.newt.results.ExperimentResult;
import dev.newt.results.ResultsJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code results.jsonl}: one result per line, each written and flushed as its experiment finishes.
 * Reading it back tolerates a torn last line (a killed run), which {@link #openForResume} cuts off
 * before appending, so that a resumed campaign neither loses nor duplicates a result.
 */
public final class ResultsLog implements AutoCloseable {
    /** The largest results file read (512 MiB: a 10,000-experiment campaign writes a few tens of MiB). */
    public static final long MAX_BYTES = 512L << 20;
    private final Writer out;

    private ResultsLog(final Writer out) {
        this.out = out;
    }

    /**
     * What a results file holds.
     *
     * @param results   the results, in file order
     * @param tornBytes length of a torn last line that did not parse (0 if none)
     * @param validBytes length of the file up to the end of the last good line
     */
    public record Contents(List<ExperimentResult> results, long tornBytes, long validBytes) {
    }

    /**
     * @param file a results file
     * @return its results; a last line that does not parse is counted as torn
     * @throws IllegalArgumentException naming the file and line when a line other than the last does not parse,
     *                                  or the file when it is not a regular file or is over {@link #MAX_BYTES}
     */
    public static Contents read(final Path file) {
        if (!Files.exists(file)) {
            return new Contents(List.of(), 0, 0);
        }
        final byte[] bytes;
        try {
            bytes = InputFiles.read(file, MAX_BYTES);
        } catch (InputFiles.Refused e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        final List<ExperimentResult> results = new ArrayList<>();
        int start = 0;
        int line = 1;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            final String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            final boolean last = end >= bytes.length - 1;
            try {
                if (end >= bytes.length) {
                    // No newline: the writer was killed before it finished the line.
                    throw new TornLine();
                }
                results.add(ResultsJson.fromLine(text));
            } catch (JsonProcessingException | TornLine e) {
                if (!last) {
                    throw new IllegalArgumentException(file + ":" + line + ": not a result: " + (e instanceof
                        JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
                }
                return new Contents(results, bytes.length - start, start);
            }
            start = end + 1;
            line++;
        }
        return new Contents(results, 0, bytes.length);
    }

    /** A line without its newline. */
    private static final class TornLine extends Exception {
        private static final long serialVersionUID = 1L;

        TornLine() {
            super("torn last line (no newline)");
        }
    }

    /** @param file a new results file, created or truncated @return a log that writes it */
    public static ResultsLog create(final Path file) {
        try {
            return new ResultsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /**
     * Cuts off a torn last line, then opens the file to append.
     *
     * @param file     the results file of the run being resumed
     * @param contents what {@link #read} found in it
     * @return a log that appends to it
     */
    public static ResultsLog openForResume(final Path file, final Contents contents) {
        try {
            if (contents.tornBytes() > 0) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(contents.validBytes());
                }
            }
            return new ResultsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reopen " + file, e);
        }
    }

    /** @param r a finished experiment's result, written as one line and flushed */
    public synchronized void append(final ExperimentResult r) {
        try {
            out.write(ResultsJson.toLine(r));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write result " + r.id(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the results file", e);
        }
    }
}
