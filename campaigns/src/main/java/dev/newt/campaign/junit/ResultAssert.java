package dev.newt.campaign.junit;

import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.util.Arrays;

/**
 * Fluent assertions on one experiment's result, in AssertJ's style:
 * {@code assertThat(result).isRecovered().lostNoBytes()}. A failure names the experiment and
 * carries the outcome's detail.
 */
public final class ResultAssert {
    private final ExperimentResult actual;

    private ResultAssert(final ExperimentResult actual) {
        this.actual = actual;
    }

    /** @param result a result @return assertions on it */
    public static ResultAssert assertThat(final ExperimentResult result) {
        if (result == null) {
            throw new AssertionError("expected an experiment result, was null");
        }
        return new ResultAssert(result);
    }

    /** @param expected outcomes any one of which passes @return this */
    public ResultAssert hasOutcome(final Outcome... expected) {
        if (Arrays.stream(expected).noneMatch(o -> o == actual.outcome())) {
            fail("expected " + Arrays.toString(expected) + " but was " + actual.outcome().label());
        }
        return this;
    }

    /** @return this, if the fault was detected and the server restarted with the workload intact */
    public ResultAssert isRecovered() {
        return hasOutcome(Outcome.RECOVERED);
    }

    /** @return this, if the fault activated and nothing went wrong */
    public ResultAssert isMasked() {
        return hasOutcome(Outcome.MASKED);
    }

    /** @return this, if the workload kept its service: recovered, masked or not activated */
    public ResultAssert keptService() {
        return hasOutcome(Outcome.RECOVERED, Outcome.MASKED, Outcome.NOT_ACTIVATED);
    }

    /** @return this, if no byte (or, for a user workload, no request) was lost */
    public ResultAssert lostNoBytes() {
        if (actual.bytesLost() != 0) {
            fail(actual.bytesLost() + " lost");
        }
        return this;
    }

    /** @return this, if no data came back wrong */
    public ResultAssert corruptedNothing() {
        if (actual.bytesCorrupted() != 0) {
            fail(actual.bytesCorrupted() + " corrupted (wrong answers)");
        }
        return this;
    }

    /** @return this, if no request failed */
    public ResultAssert failedNoRequests() {
        if (actual.requestsFailed() != 0) {
            fail(actual.requestsFailed() + " requests failed");
        }
        return this;
    }

    private void fail(final String what) {
        throw new AssertionError("experiment " + actual.id() + " (" + CampaignTests.name(actual) + "): " + what
            + "; outcome " + actual.outcome().label() + ": " + actual.detail());
    }
}
