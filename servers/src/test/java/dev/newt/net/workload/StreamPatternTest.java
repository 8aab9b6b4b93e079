package dev.newt.net.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.store.StateCodec;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The seeded stream pattern, the rpc frames and the checkpointable latency histogram. */
class StreamPatternTest {

    @Test
    void fillAtAnyOffsetAgreesWithTheByteFunction() {
        final byte[] b = StreamPattern.make(42, 13, 100);
        for (int j = 0; j < b.length; j++) {
            assertThat(b[j]).as("byte %d", 13 + j).isEqualTo(StreamPattern.at(42, 13 + j));
        }
        final byte[] whole = StreamPattern.make(42, 0, 200);
        final byte[] tail = StreamPattern.make(42, 77, 123);
        for (int j = 0; j < tail.length; j++) {
            assertThat(tail[j]).isEqualTo(whole[77 + j]);
        }
        assertThat(StreamPattern.make(42, 0, 64)).isNotEqualTo(StreamPattern.make(43, 0, 64));
    }

    @Test
    void mismatchesCountEveryWrongByteAndFindTheFirst() {
        final byte[] b = StreamPattern.make(7, 1000, 64);
        assertThat(StreamPattern.mismatches(7, 1000, b, 0, b.length)).isZero();
        assertThat(StreamPattern.firstMismatch(7, 1000, b)).isEqualTo(-1);
        b[10] ^= 1;
        b[40] ^= (byte) 0x80;
        assertThat(StreamPattern.mismatches(7, 1000, b, 0, b.length)).isEqualTo(2);
        assertThat(StreamPattern.firstMismatch(7, 1000, b)).isEqualTo(10);
        // The same bytes one place later (a byte lost before them) are nearly all wrong.
        final byte[] good = StreamPattern.make(7, 1000, 64);
        assertThat(StreamPattern.mismatches(7, 1001, good, 0, good.length)).isGreaterThan(55);
    }

    @Test
    void rpcResponsesAreTiedToTheirRequestId() {
        final byte[] req = RpcFrames.request(99, 40, 30);
        assertThat(ByteBuffer.wrap(req).getLong(0)).isEqualTo(99);
        assertThat(ByteBuffer.wrap(req).getInt(8)).isEqualTo(40);
        assertThat(ByteBuffer.wrap(req).getInt(12)).isEqualTo(30);
        assertThat(RpcFrames.requestIntact(req, 0, 99, 40)).isTrue();
        req[39] ^= 1;
        assertThat(RpcFrames.requestIntact(req, 0, 99, 40)).isFalse();
        final byte[] resp = RpcFrames.response(99, 30);
        assertThat(RpcFrames.responseIntact(99, 30, resp)).isTrue();
        assertThat(RpcFrames.responseIntact(98, 30, resp)).as("another request's id").isFalse();
        assertThat(RpcFrames.responseIntact(99, 31, resp)).isFalse();
        assertThat(RpcFrames.responseIntact(98, 30, RpcFrames.response(98, 30))).isTrue();
        assertThat(RpcFrames.validHeader(15, 30)).isFalse();
        assertThat(RpcFrames.validHeader(16, 11)).isFalse();
        assertThat(RpcFrames.validHeader(16, 12)).isTrue();
    }

    @Test
    void latencyHistogramSurvivesACheckpointRoundTrip() {
        final RpcClient.State s = new RpcClient.State();
        for (int i = 1; i <= 1000; i++) {
            s.latency.record(i * 1_000L);
        }
        final StateCodec codec = new StateCodec();
        final RpcClient.State back = codec.decode("c", codec.encode("c", s), RpcClient.State.class);
        assertThat(back.latency.count()).isEqualTo(1000);
        assertThat(back.latency.percentile(50)).isEqualTo(s.latency.percentile(50));
        assertThat(back.latency.percentile(50)).isBetween(499_000L, 501_000L);
        assertThat(back.latency.max()).isBetween(999_000L, 1_001_000L);
        back.latency.record(2_000_000L);
        assertThat(back.latency.max()).isBetween(1_999_000L, 2_002_000L);
        assertThat(new String(codec.encode("c", back))).isNotEqualTo(new String(codec.encode("c", s)));
    }
}
