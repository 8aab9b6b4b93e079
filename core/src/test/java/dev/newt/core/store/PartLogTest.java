package dev.newt.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A part log materialises to the parts a plain map given the same changes holds, over random
 * sequences of changes, removals and sizes, whatever merges and folds happened; it stays bounded;
 * and one busy part among many idle ones never folds the base (compaction costs what changed).
 */
class PartLogTest {

    private static byte[] bytes(final SplittableRandom r, final int max) {
        final byte[] b = new byte[1 + r.nextInt(max)];
        r.nextBytes(b);
        return b;
    }

    @Test
    void materialisesWhatAPlainMapHoldsOverRandomChanges() {
        for (long seed = 1; seed <= 10; seed++) {
            final SplittableRandom r = new SplittableRandom(seed);
            final int keys = 1 + r.nextInt(300);
            final Map<Long, byte[]> model = new HashMap<>();
            for (int i = 0; i < r.nextInt(keys); i++) {
                model.put((long) r.nextInt(keys), bytes(r, 200));
            }
            PartLog log = PartLog.base(model);
            for (int step = 0; step < 400; step++) {
                final Map<Long, byte[]> changed = new HashMap<>();
                for (int c = r.nextInt(1 + r.nextInt(keys)); c >= 0; c--) {
                    final long k = r.nextInt(keys);
                    changed.put(k, r.nextInt(5) == 0 ? null : bytes(r, r.nextBoolean() ? 50 : 3000));
                }
                changed.forEach((k, v) -> {
                    if (v == null) {
                        model.remove(k);
                    } else {
                        model.put(k, v);
                    }
                });
                log = log.append(changed);
                final TreeMap<Long, byte[]> got = log.materialise();
                assertThat(got).as("seed %d step %d", seed, step).containsExactlyInAnyOrderEntriesOf(model);
                assertThat(log.deltas()).isLessThanOrEqualTo(PartLog.MAX_DELTAS);
                final long live = model.values().stream().mapToLong(b -> b.length).sum();
                assertThat(log.bytes()).as("seed %d step %d: bounded", seed, step)
                    .isLessThanOrEqualTo(2 * Math.max(live, log.baseLink().bytes()) + 3 * 4096 + 3000L * keys);
            }
        }
    }

    @Test
    void oneBusyPartAmongAThousandIdleOnesNeverFoldsTheBase() {
        final SplittableRandom r = new SplittableRandom(7);
        final Map<Long, byte[]> all = new HashMap<>();
        for (long k = 0; k < 1000; k++) {
            all.put(k, bytes(r, 300));
        }
        PartLog log = PartLog.base(all);
        final PartLog base = log.baseLink();
        for (int step = 0; step < 10_000; step++) {
            final byte[] busy = bytes(r, 2000);
            log = log.append(Map.of(500L, busy));
            all.put(500L, busy);
            assertThat(log.baseLink()).as("step %d", step).isSameAs(base);
            assertThat(log.lastBytes()).isEqualTo(busy.length);
        }
        assertThat(log.materialise()).containsExactlyInAnyOrderEntriesOf(all);
    }

    @Test
    void removingMostPartsFoldsIntoASmallerBase() {
        final Map<Long, byte[]> all = new HashMap<>();
        for (long k = 0; k < 1000; k++) {
            all.put(k, new byte[100]);
        }
        PartLog log = PartLog.base(all);
        for (long k = 0; k < 990; k++) {
            final Map<Long, byte[]> gone = new HashMap<>();
            gone.put(k, null);
            log = log.append(gone);
        }
        assertThat(log.materialise()).hasSize(10);
        assertThat(log.baseLink().bytes()).as("folded: the base no longer holds the removed parts").isLessThan(100_000);
    }
}
