package dev.newt.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.server.PendingRequest;
import org.junit.jupiter.api.Test;

/** Which requests died with a receiver's incarnation. */
class PendingTableTest {
    private static PendingRequest request(final long id) {
        return new PendingRequest(id, "b", "payload " + id, 0);
    }

    @Test
    void aRequestTakenAndNeverAnsweredIsAnOrphanOfTheDeadIncarnationOnly() {
        final PendingTable t = new PendingTable();
        t.add(request(1));
        t.add(request(2));
        t.add(request(3));
        assertThat(t.markTaken(1, 4)).isTrue();
        assertThat(t.markTaken(2, 5)).isTrue();
        // 3 still waits in b's mailbox: the next incarnation will serve it.
        assertThat(t.takeOrphansOf("b", 5)).extracting(PendingRequest::correlationId).containsExactly(1L);
        assertThat(t.takeOrphansOf("c", 6)).isEmpty();
        assertThat(t.takeOrphansOf("b", 6)).extracting(PendingRequest::correlationId).containsExactly(2L);
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void aRequestWhoseReplyWasSentIsNoOrphanEvenIfTheRequesterHasNotReadIt() {
        // b replied to 1 and then died; the reply waits in the requester's queue. Counting 1 as an
        // orphan would have it resubmitted, done twice, and its reply dropped.
        final PendingTable t = new PendingTable();
        t.add(request(1));
        t.markTaken(1, 4);
        t.markAnswered(1);
        assertThat(t.takeOrphansOf("b", 5)).isEmpty();
        assertThat(t.complete(1)).as("the reply still finds its request").isNotNull();
    }

    @Test
    void aCopyOfARequestAnsweredBeforeItWasTakenIsNotServed() {
        // b died holding 1; the requester resubmitted it; b's restored incarnation answered 1 from
        // its restored state before taking the copy from its mailbox.
        final PendingTable t = new PendingTable();
        t.add(request(1));
        t.markTaken(1, 4);
        assertThat(t.takeOrphansOf("b", 5)).hasSize(1);
        t.add(request(1));
        t.markAnswered(1);
        assertThat(t.markTaken(1, 5)).as("the copy is stale").isFalse();
        assertThat(t.complete(1)).as("the answer completes the request once").isNotNull();
        assertThat(t.markTaken(1, 5)).isFalse();
    }

    /** What the receiver does with the ticket its request's envelope carries. */
    private static boolean takeCarried(final PendingTable t, final PendingTable.Ticket carried, final long id,
                                       final long epoch) {
        return PendingTable.live(carried) ? PendingTable.take(carried, epoch) : t.markTaken(id, epoch);
    }

    @Test
    void aCarriedTicketIsMarkedWithoutALookupAndCountsAsTheTablesOwn() {
        final PendingTable t = new PendingTable();
        final PendingTable.Ticket first = t.add(request(1));
        assertThat(PendingTable.live(first)).isTrue();
        assertThat(takeCarried(t, first, 1, 4)).isTrue();
        assertThat(t.takeOrphansOf("b", 5)).as("taken through the carried ticket")
            .extracting(PendingRequest::correlationId).containsExactly(1L);
        assertThat(PendingTable.live(first)).as("an orphan's ticket leaves the table").isFalse();
    }

    @Test
    void aStaleCopysTicketFallsBackToTheTableAndFindsTheResubmittedRequest() {
        // The same story as aCopyOfARequestAnsweredBeforeItWasTakenIsNotServed, told with the
        // tickets the envelopes carry: the first envelope's ticket is dead after the orphaning.
        final PendingTable t = new PendingTable();
        final PendingTable.Ticket first = t.add(request(1));
        assertThat(takeCarried(t, first, 1, 4)).isTrue();
        assertThat(t.takeOrphansOf("b", 5)).hasSize(1);
        final PendingTable.Ticket copy = t.add(request(1));
        assertThat(takeCarried(t, first, 1, 5)).as("the old envelope reaches the resubmitted request").isTrue();
        assertThat(copy.takenByEpoch).isEqualTo(5);
        t.markAnswered(1);
        assertThat(takeCarried(t, copy, 1, 5)).as("the copy is stale").isFalse();
        assertThat(t.complete(1)).isSameAs(copy);
        assertThat(PendingTable.live(copy)).isFalse();
        assertThat(takeCarried(t, copy, 1, 5)).isFalse();
        assertThat(takeCarried(t, null, 1, 5)).as("an envelope without a ticket").isFalse();
    }

    @Test
    void aTicketReplacedUnderItsIdIsNoLongerLive() {
        final PendingTable t = new PendingTable();
        final PendingTable.Ticket first = t.add(request(1));
        final PendingTable.Ticket again = t.add(request(1));
        assertThat(PendingTable.live(first)).isFalse();
        assertThat(PendingTable.live(again)).isTrue();
        assertThat(t.size()).isEqualTo(1);
    }
}
