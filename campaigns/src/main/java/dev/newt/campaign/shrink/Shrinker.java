package dev.newt.campaign.shrink;

import dev.newt.campaign.spec.Schedule;
import dev.newt.campaign.spec.ScheduledFault;
import dev.newt.campaign.spec.ScheduledUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing schedule while the failure reproduces (same outcome and same failed check,
 * judged by the caller's {@link Predicate}, one run each): in rounds, it removes each element in
 * turn, simplifies parameters (a fault's trigger to its first call from its time; a server's drawn
 * recovery policy back to the system's), and moves each element later by half the way to the
 * horizon, keeping every change after which the run still fails. It stops when a whole round changes
 * nothing (then removing any one element makes the run pass: the schedule is 1-minimal) or when the
 * wall-clock budget is spent (then it says the result is not proven minimal).
 */
public final class Shrinker {
    /** Moves shorter than this are not tried: they would go on halving for ever. */
    private static final long SMALLEST_MOVE = 1_000_000;

    private Shrinker() {
    }

    /**
     * What shrinking gave.
     *
     * @param schedule   the smallest failing schedule found (the original when it did not reproduce)
     * @param runs       runs it took, the first (the original, run again) included
     * @param reproduced whether the original failed again the same way
     * @param minimal    whether it is 1-minimal: a last round removed nothing (false when the budget ran out)
     * @param steps      each change kept, in order, such as {@code removed f2}
     */
    public record Result(Schedule schedule, int runs, boolean reproduced, boolean minimal, List<String> steps) {
    }

    /**
     * @param original the failing schedule
     * @param fails    runs a schedule and says whether it fails the same way
     * @param horizon  the latest time an element is moved to (the runtime clock of the run's end, say)
     * @param budget   wall-clock bound
     * @return the result
     */
    public static Result shrink(final Schedule original, final Predicate<Schedule> fails, final Duration horizon,
                                final Duration budget) {
        final long deadline = System.nanoTime() + budget.toNanos();
        final int[] runs = {1};
        if (!fails.test(original)) {
            return new Result(original, 1, false, false, List.of());
        }
        final List<String> steps = new ArrayList<>();
        Schedule current = original;
        boolean changed = true;
        boolean outOfTime = false;
        while (changed) {
            changed = false;
            final List<Candidate> round = new ArrayList<>();
            for (ScheduledFault f : current.faults()) {
                round.add(new Candidate("removed " + f.id(), s -> s.without(f.id())));
            }
            for (ScheduledUpdate u : current.updates()) {
                round.add(new Candidate("removed " + u.id(), s -> s.without(u.id())));
            }
            for (ScheduledFault f : current.faults()) {
                if (!f.trigger().data().equals(ScheduledFault.FIRST_CALL.data())) {
                    round.add(new Candidate("trigger of " + f.id() + " to nth:1", s -> s.faults().stream()
                        .filter(x -> x.id().equals(f.id())).findFirst()
                        .map(x -> s.with(x.withTrigger(ScheduledFault.FIRST_CALL))).orElse(s)));
                }
            }
            for (String server : current.recovery().keySet()) {
                round.add(new Candidate("recovery of " + server + " to the system's", s -> s.withoutPolicy(server)));
            }
            for (ScheduledFault f : current.faults()) {
                round.add(new Candidate("moved " + f.id() + " later", s -> s.faults().stream()
                    .filter(x -> x.id().equals(f.id())).findFirst()
                    .map(x -> later(x.at(), horizon) == null ? s : s.with(x.at(later(x.at(), horizon)))).orElse(s)));
            }
            for (ScheduledUpdate u : current.updates()) {
                round.add(new Candidate("moved " + u.id() + " later", s -> s.updates().stream()
                    .filter(x -> x.id().equals(u.id())).findFirst()
                    .map(x -> later(x.at(), horizon) == null ? s : s.with(x.at(later(x.at(), horizon)))).orElse(s)));
            }
            for (Candidate c : round) {
                if (System.nanoTime() > deadline) {
                    outOfTime = true;
                    break;
                }
                final Schedule next = c.change().apply(current);
                if (next.equals(current)) {
                    continue;
                }
                runs[0]++;
                if (fails.test(next)) {
                    current = next;
                    steps.add(c.step());
                    changed = true;
                }
            }
            if (outOfTime) {
                break;
            }
        }
        return new Result(current, runs[0], true, !outOfTime, steps);
    }

    /** Half the way from {@code at} to the horizon, or null when that is less than a millisecond. */
    private static Duration later(final Duration at, final Duration horizon) {
        final long step = (horizon.toNanos() - at.toNanos()) / 2;
        return step < SMALLEST_MOVE ? null : at.plusNanos(step);
    }

    private record Candidate(String step, java.util.function.UnaryOperator<Schedule> change) {
    }
}
