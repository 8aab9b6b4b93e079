package dev.newt.serve;

import dev.newt.campaign.spec.Campaign;
import dev.newt.campaign.spec.CampaignReader;
import dev.newt.campaign.spec.Experiment;
import dev.newt.campaign.validate.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a fault request, {@code {"target": "b.tcp", "fault": "crash", "trigger": "nth:1"}}, exactly
 * as a campaign file's {@code experiments} entry: the request is put in place of the file's
 * experiments and matrix and the whole file is read again, so that a bad request gets the same
 * messages as the same mistake in a campaign file.
 */
final class FaultRequests {
    private final String file;
    private final String withoutExperiments;

    /**
     * @param file    the campaign file's name (its relative paths resolve against it)
     * @param content its text
     */
    FaultRequests(final String file, final String content) {
        this.file = file;
        this.withoutExperiments = dropTopLevel(content, List.of("experiments", "matrix"));
    }

    /** The experiment a request stands for, or the problems with it. */
    record Read(Experiment experiment, List<String> problems) {
    }

    /**
     * @param jsonEntry the request as one line of JSON (JSON is YAML's flow syntax)
     * @return its experiment, or its problems
     */
    Read read(final String jsonEntry) {
        final String text = withoutExperiments + "\nexperiments:\n  - " + jsonEntry + "\n";
        final CampaignReader.Result r = CampaignReader.read(file, text, CampaignReader.sha256(text.getBytes(
            java.nio.charset.StandardCharsets.UTF_8)));
        if (!r.valid()) {
            final List<String> out = new ArrayList<>();
            for (Problem p : r.problems()) {
                out.add(p.path() + ": " + p.message() + (p.suggestion() == null ? ""
                    : " (did you mean '" + p.suggestion() + "'?)"));
            }
            return new Read(null, out);
        }
        final Campaign c = r.campaign();
        return new Read(c.experiments().get(0), List.of());
    }

    /** The text without the named top-level keys and their blocks. */
    static String dropTopLevel(final String content, final List<String> keys) {
        final StringBuilder sb = new StringBuilder();
        boolean dropping = false;
        for (String line : content.split("\n", -1)) {
            final boolean topLevel = !line.isEmpty() && !Character.isWhitespace(line.charAt(0))
                && line.charAt(0) != '#';
            if (topLevel) {
                final String key = line.contains(":") ? line.substring(0, line.indexOf(':')).trim() : "";
                dropping = keys.contains(key);
            }
            if (!dropping) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
