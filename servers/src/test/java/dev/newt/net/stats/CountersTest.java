package dev.newt.net.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.store.StateCodec;
import dev.newt.net.msg.Stats;
import dev.newt.net.pf.PfServer;
import dev.newt.net.wire.DropReason;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CountersTest {
    private final StateCodec codec = new StateCodec();

    /** A state as servers declared their counters before {@link Counters}: a sorted map. */
    static final class MapState {
        TreeMap<String, Long> counters = new TreeMap<>();
        int other = 7;
    }

    /** The same state with {@link Counters}. */
    static final class CountersState {
        Counters counters = new Counters();
        int other = 7;
    }

    @Test
    void countsAddsAndDropsByName() {
        final Counters c = new Counters();
        c.count("a");
        c.count("a");
        c.add("b", 5);
        c.add("zero", 0);
        c.drop(DropReason.TRUNCATED);
        assertThat(c).containsExactly(Map.entry("a", 2L), Map.entry("b", 5L),
            Map.entry("drop.TRUNCATED", 1L), Map.entry("zero", 0L));
        assertThat(c.value("a")).isEqualTo(2);
        assertThat(c.value("never")).isZero();
        assertThat(c.total()).isEqualTo(8);
    }

    @Test
    void aCopyAndItsStatsAreIndependentOfTheCounters() {
        final Counters c = new Counters();
        c.count("x");
        final Counters copy = c.copy();
        copy.put("computed", 3L);
        final Stats stats = copy.toStats("a.pf");
        c.count("x");
        assertThat(c).doesNotContainKey("computed");
        assertThat(stats.server()).isEqualTo("a.pf");
        assertThat(stats.counters()).containsEntry("x", 1L).containsEntry("computed", 3L);
    }

    @Test
    void encodesExactlyAsTheSortedMapItReplaced() {
        final MapState old = new MapState();
        old.counters.put("passed.in", 12L);
        old.counters.put("drop.TRUNCATED", 1L);
        final CountersState now = new CountersState();
        now.counters.add("passed.in", 12);
        now.counters.drop(DropReason.TRUNCATED);

        final byte[] oldBytes = codec.encode("old", old);
        assertThat(codec.encode("new", now)).isEqualTo(oldBytes);
        final CountersState restored = codec.decode("new", oldBytes, CountersState.class);
        assertThat(restored.counters).isInstanceOf(Counters.class).isEqualTo(old.counters);
        assertThat(codec.decode("old", codec.encode("new", now), MapState.class).counters).isEqualTo(now.counters);
    }

    @Test
    void aServerStateWithCountersSurvivesItsCheckpoint() {
        final PfServer.State s = new PfServer.State();
        s.counters.count("blocked.in");
        s.counters.drop(DropReason.NO_BUFFER_SPACE);
        final PfServer.State back = codec.decode("a.pf", codec.encode("a.pf", s), PfServer.State.class);
        assertThat(back.counters).isInstanceOf(Counters.class).isEqualTo(s.counters);
    }
}
