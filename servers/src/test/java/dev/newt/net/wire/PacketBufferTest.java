package dev.newt.net.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.newt.net.msg.Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The buffer discipline of {@link PacketBuffer}: prepending writes only unclaimed headroom, so no
 * view ever sees its bytes change, whatever sequence of prepends, duplicates and slices is made;
 * and the debug mode catches a write to bytes a message refers to.
 */
class PacketBufferTest {

    /** One view and the bytes it had when it was made ("sent"). */
    private record Sent(PacketBuffer view, byte[] bytes) {
    }

    @Test
    void randomPrependsDuplicatesAndSlicesNeverChangeASentView() {
        final SplittableRandom rnd = new SplittableRandom(15);
        for (int round = 0; round < 300; round++) {
            final List<Sent> sent = new ArrayList<>();
            final int headroom = rnd.nextInt(0, 80);
            final PacketBuffer first = PacketBuffer.allocate(headroom, rnd.nextInt(0, 100));
            for (int i = 0; i < first.length(); i++) {
                first.array()[first.offset() + i] = (byte) rnd.nextInt();
            }
            sent.add(new Sent(first, first.toArray().clone()));
            for (int op = 0; op < 12; op++) {
                final PacketBuffer from = sent.get(rnd.nextInt(sent.size())).view();
                final PacketBuffer next;
                if (rnd.nextInt(4) == 0 && from.length() > 0) {
                    final int a = rnd.nextInt(from.length());
                    next = from.slice(a, rnd.nextInt(from.length() - a + 1));
                } else {
                    // A layer prepends its header (from any view: a duplicate delivery prepends again).
                    final int n = rnd.nextInt(1, 30);
                    next = from.prepend(n);
                    assertThat(next.length()).isEqualTo(from.length() + n);
                    for (int i = 0; i < n; i++) {
                        next.array()[next.offset() + i] = (byte) rnd.nextInt();
                    }
                    assertThat(Arrays.copyOfRange(next.array(), next.offset() + n, next.offset() + next.length()))
                        .isEqualTo(sent.stream().filter(s -> s.view() == from).findFirst().orElseThrow().bytes());
                }
                sent.add(new Sent(next, Arrays.copyOfRange(next.array(), next.offset(), next.offset() + next.length())));
                for (Sent s : sent) {
                    assertThat(Arrays.copyOfRange(s.view().array(), s.view().offset(), s.view().offset()
                        + s.view().length())).as("round %d op %d: %s", round, op, s.view()).isEqualTo(s.bytes());
                }
            }
        }
    }

    @Test
    void aSecondPrependOfTheSameViewCopiesInsteadOfWritingOverTheFirst() {
        final PacketBuffer segment = PacketBuffer.allocate(34, 4);
        final PacketBuffer once = segment.prepend(20);
        final PacketBuffer twice = segment.prepend(20);
        assertThat(once.array()).isSameAs(segment.array());
        assertThat(twice.array()).isNotSameAs(segment.array());
        final PacketBuffer frame = once.prepend(14);
        assertThat(frame.array()).isSameAs(segment.array());
        assertThat(frame.offset()).isZero();
        assertThat(frame.prepend(1).array()).as("no room left").isNotSameAs(segment.array());
        assertThat(segment.slice(1, 2).prepend(1).array()).as("a slice never owns headroom").isNotSameAs(segment.array());
        assertThat(PacketBuffer.wrap(new byte[3]).prepend(2).length()).isEqualTo(5);
    }

    @Test
    void theDebugModeCatchesAWriteToBytesAMessageRefersTo() {
        assumeTrue(BufferCheck.enabled(), "run with -D" + BufferCheck.PROPERTY + "=true (the servers' test run)");
        final byte[] bytes = new byte[64];
        final Frame frame = new Frame(bytes);
        frame.buffer().verify(); // unchanged: fine
        bytes[20] ^= 1; // a sender reusing its array
        assertThatThrownBy(() -> frame.buffer().verify()).isInstanceOf(BufferCheck.BufferWriteDetected.class);
        assertThatThrownBy(() -> new Frame(frame.buffer())).isInstanceOf(BufferCheck.BufferWriteDetected.class);
    }
}
