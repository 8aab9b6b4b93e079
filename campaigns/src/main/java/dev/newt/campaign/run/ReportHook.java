package dev.newt.campaign.run;

import dev.newt.report.ReportException;
import dev.newt.report.ReportFiles;
import dev.newt.report.Reports;
import java.nio.file.Path;

/**
 * The one call site of the report writer ({@link Reports#write}): {@code newt report DIR} and the
 * end of {@code newt run} and {@code newt demo} come through here.
 */
public final class ReportHook {
    private ReportHook() {
    }

    /**
     * @param resultsDir a results directory
     * @return what was written, with the warnings the report shows
     * @throws CampaignException with the report writer's message when there is nothing to report
     *                           or the files cannot be written
     */
    public static ReportFiles write(final Path resultsDir) throws CampaignException {
        try {
            return Reports.write(resultsDir);
        } catch (ReportException e) {
            throw new CampaignException(e.getMessage());
        }
    }
}
