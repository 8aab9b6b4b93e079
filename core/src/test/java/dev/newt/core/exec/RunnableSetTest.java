package dev.newt.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The runnable set lists exactly the agents a scan of every agent finds with work, in the agents'
 * order, as long as every agent that gains work is woken: over random wakes and steps, across more
 * than one word of bits.
 */
class RunnableSetTest {

    /** An agent with a count of work items; giving it work wakes it, as a mailbox's offer does. */
    private static final class Counted implements Agent {
        private final String name;
        private Waker waker = Waker.NONE;
        int work;

        Counted(final String name) {
            this.name = name;
        }

        void give() {
            work++;
            waker.wake();
        }

        @Override
        public String roleName() {
            return name;
        }

        @Override
        public int doWork(final int limit) {
            final int n = Math.min(limit, work);
            work -= n;
            return n;
        }

        @Override
        public boolean hasWork() {
            return work > 0;
        }

        @Override
        public void attach(final Waker w) {
            this.waker = w;
        }
    }

    private static List<Counted> agents(final int n) {
        final List<Counted> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Counted("a" + i));
        }
        return list;
    }

    private static RunnableSet attached(final List<Counted> agents) {
        final RunnableSet set = new RunnableSet(agents);
        for (int i = 0; i < agents.size(); i++) {
            agents.get(i).attach(set.wakerFor(i));
        }
        set.beginRun(Thread.currentThread());
        return set;
    }

    private static List<String> listed(final RunnableSet set, final int count) {
        final List<String> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            out.add(set.ready(k).roleName());
        }
        return out;
    }

    private static List<String> scanned(final List<Counted> agents) {
        return agents.stream().filter(Counted::hasWork).map(Counted::roleName).toList();
    }

    @Test
    void listsWhatAScanFindsOverRandomWakesAndSteps() {
        for (long seed = 1; seed <= 5; seed++) {
            final SplittableRandom random = new SplittableRandom(seed);
            final List<Counted> agents = agents(130);
            final RunnableSet set = attached(agents);
            for (int step = 0; step < 5_000; step++) {
                final int count = set.collect();
                assertThat(listed(set, count)).as("seed %d step %d", seed, step).isEqualTo(scanned(agents));
                if (count > 0) {
                    set.ready(random.nextInt(count)).doWork(1);
                }
                for (int w = random.nextInt(4); w > 0; w--) {
                    agents.get(random.nextInt(agents.size())).give();
                }
            }
        }
    }

    @Test
    void anAgentGivenWorkWithoutAWakeIsFoundOnlyAfterMarkAll() {
        final List<Counted> agents = agents(3);
        final RunnableSet set = attached(agents);
        assertThat(set.collect()).isZero();
        agents.get(1).work = 1;
        assertThat(set.collect()).as("no wake, no longer a candidate").isZero();
        set.markAll();
        assertThat(set.collect()).isEqualTo(1);
        assertThat(set.ready(0).roleName()).isEqualTo("a1");
    }

    @Test
    void aWakeFromAnotherThreadMakesTheNextCollectAskEveryAgent() throws InterruptedException {
        final List<Counted> agents = agents(70);
        final RunnableSet set = attached(agents);
        assertThat(set.collect()).isZero();
        final Thread other = new Thread(() -> agents.get(66).give());
        other.start();
        other.join(10_000);
        assertThat(other.isAlive()).isFalse();
        assertThat(set.collect()).isEqualTo(1);
        assertThat(set.ready(0).roleName()).isEqualTo("a66");
    }
}
