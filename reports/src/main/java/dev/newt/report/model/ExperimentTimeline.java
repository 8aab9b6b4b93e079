package dev.newt.report.model;

import dev.newt.results.ResultsDirectory;
import dev.newt.results.Timeline;
import java.util.List;

/**
 * A chosen experiment's timeline as read from its event log.
 *
 * @param choice   the experiment and why it was chosen
 * @param timeline what its log holds (empty when the log is missing)
 * @param warnings lines skipped, or why there is no log
 */
public record ExperimentTimeline(TimelineChoice choice, Timeline timeline, List<String> warnings) {

    /** @param dir the results directory @param choice a chosen experiment @return its timeline */
    public static ExperimentTimeline read(final ResultsDirectory dir, final TimelineChoice choice) {
        final ResultsDirectory.EventLogRead log = dir.events(choice.experiment());
        return new ExperimentTimeline(choice, Timeline.of(log.events()), log.warnings());
    }
}
