package dev.newt.net.tcp;

import static dev.newt.net.tcp.TcpHarness.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.message.Envelope;
import dev.newt.net.msg.Stats;
import dev.newt.net.msg.StreamClose;
import dev.newt.net.msg.StreamClosed;
import dev.newt.net.msg.StreamData;
import dev.newt.net.msg.StreamReceive;
import dev.newt.net.msg.StreamSend;
import dev.newt.net.msg.StreamShutdown;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Closing connections from either side or both, through TIME_WAIT and its expiry, and aborts. */
class TcpTeardownTest {

    @Test
    void activeCloseGoesThroughFinWaitOneAndTwoToTimeWaitWhichExpiresAfterOneSecond() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            assertThat(h.ask(new StreamClose(o.id(), false))).isEqualTo(new StreamClosed(o.id()));
            final TcpHarness.Sent fin = h.one();
            assertThat(fin.flags()).isEqualTo("FA");
            assertThat(fin.seq()).isEqualTo(o.syn().seq() + 1);
            assertThat(fin.ack()).isEqualTo(9001);
            assertThat(h.connection(o.id()).state).isEqualTo(TcpState.FIN_WAIT_1);

            peer.ack(fin.seq() + 1);
            assertThat(h.sent()).isEmpty();
            assertThat(h.connection(o.id()).state).isEqualTo(TcpState.FIN_WAIT_2);

            peer.fin();
            final TcpHarness.Sent last = h.one();
            assertThat(last.flags()).isEqualTo("A");
            assertThat(last.seq()).isEqualTo(fin.seq() + 1);
            assertThat(last.ack()).isEqualTo(9002);
            final Connection tw = h.connection(o.id());
            assertThat(tw.state).isEqualTo(TcpState.TIME_WAIT);
            assertThat(tw.timeWait.deadline - last.at()).isEqualTo(1000 * MS);
            assertThat(tw.retransmit.running()).isFalse();

            h.runMs(990);
            assertThat(h.connection(o.id())).isNotNull();
            h.runMs(20);
            assertThat(h.connection(o.id())).as("gone once TIME_WAIT ran out").isNull();
            final Stats st = h.stats();
            assertThat(st.get("connections.closed")).isEqualTo(1);
            assertThat(st.get("connections")).isZero();
            assertThat(h.sent()).isEmpty();
        }
    }

    @Test
    void passiveCloseGoesThroughCloseWaitAndLastAck() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            final CompletableFuture<Envelope> r = h.call(new StreamReceive(o.id(), 100));
            peer.send("bye".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(((StreamData) h.await(r)).data(), StandardCharsets.US_ASCII)).isEqualTo("bye");
            peer.fin();
            final TcpHarness.Sent ack = h.one();
            assertThat(ack.flags()).as("a FIN is acknowledged at once").isEqualTo("A");
            assertThat(ack.ack()).isEqualTo(9001 + 3 + 1);
            assertThat(h.connection(o.id()).state).isEqualTo(TcpState.CLOSE_WAIT);
            final StreamData eof = (StreamData) h.ask(new StreamReceive(o.id(), 100));
            assertThat(eof.eof()).isTrue();
            assertThat(eof.data()).isEmpty();

            // we may still send in CLOSE_WAIT
            h.ask(new StreamSend(o.id(), new byte[] {7}));
            assertThat(h.one().length()).isEqualTo(1);
            h.ask(new StreamClose(o.id(), false));
            final TcpHarness.Sent fin = h.one();
            assertThat(fin.flags()).isEqualTo("FA");
            assertThat(fin.seq()).isEqualTo(o.syn().seq() + 2);
            assertThat(h.connection(o.id()).state).isEqualTo(TcpState.LAST_ACK);
            peer.ack(fin.seq() + 1);
            assertThat(h.connection(o.id())).as("released at once from LAST_ACK").isNull();
            assertThat(h.sent()).isEmpty();
            assertThat(h.stats().get("connections.closed")).isEqualTo(1);
        }
    }

    @Test
    void simultaneousCloseGoesThroughClosingAndTimeWait() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            h.ask(new StreamShutdown(o.id()));
            final TcpHarness.Sent fin = h.one();
            assertThat(fin.flags()).isEqualTo("FA");
            // b's FIN crosses ours: it has not seen our FIN
            peer.fin();
            final TcpHarness.Sent ack = h.one();
            assertThat(ack.flags()).isEqualTo("A");
            assertThat(ack.ack()).isEqualTo(9002);
            assertThat(ack.seq()).isEqualTo(fin.seq() + 1);
            assertThat(h.connection(o.id()).state).isEqualTo(TcpState.CLOSING);
            peer.ack(fin.seq() + 1);
            assertThat(h.connection(o.id()).state).isEqualTo(TcpState.TIME_WAIT);
            h.runMs(1001);
            // only shut down, never closed: the handle stays, closed, and reads the end of the stream
            final Connection c = h.connection(o.id());
            assertThat(c.state).isEqualTo(TcpState.CLOSED);
            assertThat(((StreamData) h.ask(new StreamReceive(o.id(), 10))).eof()).isTrue();
            assertThat(h.error(h.call(new StreamSend(o.id(), new byte[1]))).code()).isEqualTo("CLOSED");
            h.ask(new StreamClose(o.id(), false));
            assertThat(h.connection(o.id())).isNull();
            assertThat(h.stats().get("connections.closed")).isEqualTo(1);
        }
    }

    @Test
    void repeatedFinInTimeWaitIsAckedAgainAndRestartsTheTimer() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            h.ask(new StreamClose(o.id(), false));
            final TcpHarness.Sent fin = h.one();
            peer.ack(fin.seq() + 1);
            peer.fin();
            h.one();
            h.runMs(600);
            peer.sndNxt--; // b did not get our ACK and sends its FIN again
            peer.fin();
            final TcpHarness.Sent again = h.one();
            assertThat(again.flags()).isEqualTo("A");
            assertThat(again.ack()).isEqualTo(9002);
            assertThat(h.connection(o.id()).timeWait.deadline - again.at()).isEqualTo(1000 * MS);
            h.runMs(600);
            assertThat(h.connection(o.id())).as("the restarted timer still runs").isNotNull();
            h.runMs(500);
            assertThat(h.connection(o.id())).isNull();
        }
    }

    @Test
    void finIsRetransmittedUntilAcknowledged() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            h.ask(new StreamClose(o.id(), false));
            final TcpHarness.Sent fin = h.one();
            h.runMs(250);
            final TcpHarness.Sent again = h.one();
            assertThat(again.flags()).isEqualTo("FA");
            assertThat(again.seq()).isEqualTo(fin.seq());
            assertThat((again.at() - fin.at()) / MS).isEqualTo(200);
        }
    }

    @Test
    void abortSendsRstAndForgetsTheConnection() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final CompletableFuture<Envelope> r = h.call(new StreamReceive(o.id(), 100));
            h.ask(new StreamSend(o.id(), new byte[100]));
            final TcpHarness.Sent data = h.one();
            assertThat(h.ask(new StreamClose(o.id(), true))).isEqualTo(new StreamClosed(o.id()));
            assertThat(h.error(r).code()).isEqualTo("CLOSED");
            final TcpHarness.Sent rst = h.one();
            assertThat(rst.flags()).isEqualTo("R");
            assertThat(rst.seq()).isEqualTo(data.seq() + 100);
            assertThat(h.connection(o.id())).isNull();
            assertThat(h.error(h.call(new StreamReceive(o.id(), 1))).code()).isEqualTo("BAD_SOCKET");
            assertThat(h.stats().get("connections.aborted")).isEqualTo(1);
            h.runMs(500);
            assertThat(h.sent()).as("no retransmission of the dropped data").isEmpty();
        }
    }

    @Test
    void closeWaitsForBufferedDataBeforeTheFin() {
        try (TcpHarness h = new TcpHarness()) {
            final TcpHarness.Open o = h.open(9000);
            final TcpHarness.Peer peer = o.peer();
            peer.ack(o.syn().seq() + 1, 0); // b's window closes
            h.ask(new StreamSend(o.id(), new byte[500]));
            h.ask(new StreamClose(o.id(), false));
            assertThat(h.sent()).isEmpty();
            peer.ack(o.syn().seq() + 1, 10000);
            final TcpHarness.Sent last = h.one();
            assertThat(last.flags()).as("the data, with the FIN after it").isEqualTo("FPA");
            assertThat(last.length()).isEqualTo(500);
        }
    }
}
