package dev.newt.faults.effect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A corruption's seed picks the same value in every JVM: collections whose iteration order depends
 * on the JVM ({@code Set.of}'s salt, identity-hashed keys) are walked in one fixed order, and the
 * others keep theirs (so runs that did not depend on the JVM are unchanged).
 */
class StableOrderTest {
    /** As ip's configuration holds its transport protocols: Set.of(UDP, TCP), iterated from a per-JVM salt. */
    record Config(int mtu, Set<Integer> protocols) {
    }

    private static List<String> walk(final Object root) {
        final List<String> out = new ArrayList<>();
        // Leaves only: a container's own toString shows its iteration order.
        ObjectPath.walk(root, n -> out.add(n.path() + "=" + (Values.isScalar(n.value()) ? n.value() : "...")));
        return out;
    }

    @Test
    void aSaltedSetIsWalkedInOneOrderWhateverItsIterationOrder() {
        final List<String> a = walk(new Config(1500, Set.of(6, 17)));
        final List<String> b = walk(new Config(1500, Set.of(17, 6)));
        final List<String> c = walk(new Config(1500, Set.copyOf(List.of(17, 6, 1))));
        assertThat(a).isEqualTo(b).contains("protocols[0]=17", "protocols[1]=6");
        assertThat(c).contains("protocols[0]=1", "protocols[1]=17", "protocols[2]=6");
    }

    @Test
    void aCorruptionOfASaltedSetPicksTheSameValueForTheSameSeed() {
        for (long seed = 0; seed < 20; seed++) {
            final Corruptor.Result x = Corruptor.corrupt(new Config(1500, Set.of(6, 17)), "protocols",
                Corruptor.Mode.FLIP_BIT, new SplittableRandom(seed), false);
            final Corruptor.Result y = Corruptor.corrupt(new Config(1500, Set.of(17, 6)), "protocols",
                Corruptor.Mode.FLIP_BIT, new SplittableRandom(seed), false);
            assertThat(x.oldValue()).isEqualTo(y.oldValue());
            assertThat(x.newValue()).isEqualTo(y.newValue());
            assertThat(x.root()).isEqualTo(y.root());
        }
    }

    @Test
    void aMapWithIdentityHashedKeysIsWalkedByKeyAndOneWithValueHashedKeysKeepsItsOrder() {
        final Map<DayOfWeek, Integer> days = new HashMap<>();
        for (DayOfWeek d : List.of(DayOfWeek.SUNDAY, DayOfWeek.MONDAY, DayOfWeek.FRIDAY)) {
            days.put(d, d.getValue());
        }
        assertThat(walk(days)).containsExactly("=...", "[FRIDAY]=5", "[MONDAY]=1", "[SUNDAY]=7");

        final Map<String, Integer> names = new HashMap<>();
        for (String k : List.of("zeta", "alpha", "mu")) {
            names.put(k, k.length());
        }
        final List<String> iteration = new ArrayList<>();
        iteration.add("=...");
        names.forEach((k, v) -> iteration.add("[" + k + "]=" + v));
        assertThat(walk(names)).isEqualTo(iteration);

        final Map<DayOfWeek, Integer> linked = new LinkedHashMap<>();
        linked.put(DayOfWeek.SUNDAY, 7);
        linked.put(DayOfWeek.MONDAY, 1);
        assertThat(walk(linked)).containsExactly("=...", "[SUNDAY]=7", "[MONDAY]=1");
    }
}
