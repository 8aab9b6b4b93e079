package dev.newt.net.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.newt.core.store.StateCodec;
import dev.newt.net.wire.BufferCheck;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ByteQueue} keeps references, not copies, and behaves as the copying FIFO it replaced. */
class ByteQueueTest {

    @Test
    void randomOperationsMatchAPlainFifo() throws Exception {
        final SplittableRandom rnd = new SplittableRandom(15);
        final StateCodec codec = new StateCodec();
        for (int round = 0; round < 200; round++) {
            final ByteQueue q = new ByteQueue();
            byte[] model = new byte[0];
            for (int op = 0; op < 30; op++) {
                switch (rnd.nextInt(4)) {
                    case 0 -> {
                        final byte[] src = new byte[rnd.nextInt(0, 40)];
                        rnd.nextBytes(src);
                        final int off = rnd.nextInt(src.length + 1);
                        final int len = rnd.nextInt(src.length - off + 1);
                        q.append(src, off, len);
                        final ByteArrayOutputStream b = new ByteArrayOutputStream();
                        b.write(model);
                        b.write(src, off, len);
                        model = b.toByteArray();
                    }
                    case 1 -> {
                        final int n = rnd.nextInt(model.length + 1);
                        q.drop(n);
                        model = Arrays.copyOfRange(model, n, model.length);
                    }
                    case 2 -> {
                        final int n = rnd.nextInt(model.length + 2);
                        assertThat(q.take(n)).isEqualTo(Arrays.copyOf(model, Math.min(n, model.length)));
                        model = Arrays.copyOfRange(model, Math.min(n, model.length), model.length);
                    }
                    default -> {
                        final int off = rnd.nextInt(model.length + 1);
                        final int len = rnd.nextInt(model.length - off + 1);
                        final byte[] dst = new byte[len + 3];
                        q.copyTo(off, len, dst, 3);
                        assertThat(Arrays.copyOfRange(dst, 3, dst.length)).isEqualTo(Arrays.copyOfRange(model, off, off + len));
                    }
                }
                assertThat(q.size()).isEqualTo(model.length);
                assertThat(q.getData()).isEqualTo(model);
            }
            // Checkpointed as before: one byte string named data; restored equal.
            final byte[] encoded = codec.mapper().writeValueAsBytes(q);
            assertThat(codec.mapper().readValue(encoded, Map.class)).containsOnlyKeys("data");
            assertThat(codec.mapper().readValue(encoded, ByteQueue.class).getData()).isEqualTo(model);
        }
    }

    @Test
    void appendKeepsTheReferenceAndTheDebugModeSeesTheSenderChangeIt() {
        assumeTrue(BufferCheck.enabled(), "run with -D" + BufferCheck.PROPERTY + "=true (the servers' test run)");
        final byte[] app = {1, 2, 3, 4};
        final ByteQueue q = new ByteQueue();
        q.append(app, 0, app.length);
        app[1] = 9; // the application reused the array of a send tcp still holds
        assertThatThrownBy(() -> q.copy(0, 4)).isInstanceOf(BufferCheck.BufferWriteDetected.class);
    }
}
