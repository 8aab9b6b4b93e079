package dev.newt.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The codec's cached writers and reused buffer give the bytes Jackson's own
 * {@code writeValueAsBytes} gives, for states small and large, one after another on a thread,
 * nested, and on several threads at once; and they decode to equal states.
 */
class StateCodecEncodeTest {
    private final StateCodec codec = new StateCodec();

    static final class Conn {
        long seq;
        byte[] buffered;
        String peer;
    }

    static final class State {
        int counter;
        Map<String, Conn> conns = new TreeMap<>();
        List<Long> times = new ArrayList<>();
    }

    private static State random(final SplittableRandom r, final int size) {
        final State s = new State();
        s.counter = r.nextInt();
        for (int i = 0; i < size; i++) {
            final Conn c = new Conn();
            c.seq = r.nextLong();
            c.buffered = new byte[r.nextInt(3000)];
            r.nextBytes(c.buffered);
            c.peer = "10.0.0." + r.nextInt(255);
            s.conns.put("c" + i, c);
            s.times.add(r.nextLong());
        }
        return s;
    }

    @Test
    void givesJacksonsBytesForStatesSmallAndLargeInTurn() throws IOException {
        final SplittableRandom r = new SplittableRandom(15);
        // Sizes in turn: the buffer grows past what it retains (about 1.5 MiB) and back to small.
        for (int size : new int[] {0, 1, 5, 40, 1000, 3, 0, 200}) {
            final State s = random(r, size);
            final byte[] expected = codec.mapper().writeValueAsBytes(s);
            assertThat(codec.encode("t", s)).as("size %d", size).isEqualTo(expected);
            final State back = codec.decode("t", codec.encode("t", s), State.class);
            assertThat(codec.encode("t", back)).isEqualTo(expected);
        }
        assertThat(codec.encode("t", null)).isEqualTo(codec.mapper().writeValueAsBytes(null));
        assertThat(codec.encode("t", Map.of("k", 1))).isEqualTo(codec.mapper().writeValueAsBytes(Map.of("k", 1)));
    }

    /** A state whose serializer encodes another state with the same codec while the outer one writes. */
    @JsonSerialize(using = Nesting.Writer.class)
    static final class Nesting {
        final State inner;

        Nesting(final State inner) {
            this.inner = inner;
        }

        static final class Writer extends StdSerializer<Nesting> {
            Writer() {
                super(Nesting.class);
            }

            @Override
            public void serialize(final Nesting n, final JsonGenerator g, final SerializerProvider p) throws IOException {
                g.writeBinary(NESTED.encode("inner", n.inner));
            }
        }
    }

    private static final StateCodec NESTED = new StateCodec();

    @Test
    void aNestedEncodeOnTheSameThreadUsesAnotherBuffer() throws IOException {
        final State inner = random(new SplittableRandom(3), 20);
        final byte[] expected = NESTED.mapper().writeValueAsBytes(new Nesting(inner));
        assertThat(NESTED.encode("outer", new Nesting(inner))).isEqualTo(expected);
    }

    @Test
    void threadsEncodingAtOnceGetTheirOwnBytes() throws Exception {
        final List<Thread> threads = new ArrayList<>();
        final List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            final long seed = t;
            threads.add(new Thread(() -> {
                final SplittableRandom r = new SplittableRandom(seed);
                try {
                    for (int i = 0; i < 200; i++) {
                        final State s = random(r, r.nextInt(30));
                        assertThat(codec.encode("t", s)).isEqualTo(codec.mapper().writeValueAsBytes(s));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(failures).isEmpty();
    }

    /** Refers to itself: Jackson refuses it. */
    static final class Unwritable {
        final Object self = this;
    }

    @Test
    void aStateThatCannotBeWrittenNamesTheServerAndLeavesTheBufferUsable() {
        assertThatThrownBy(() -> codec.encode("tcp", new Unwritable())).isInstanceOf(StateCodecException.class).hasMessageContaining("'tcp'");
        final State s = random(new SplittableRandom(1), 2);
        assertThat(codec.encode("t", s)).isEqualTo(codec.encode("t", s));
    }
}
