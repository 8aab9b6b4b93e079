package dev.newt.campaign.spec;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A campaign file, read and validated.
 *
 * @param file        the file as given
 * @param fileSha256  hash of its bytes
 * @param name        campaign name
 * @param seed        campaign seed
 * @param executor    {@code simulated} or {@code threaded}
 * @param isolation   {@code thread}: simulated experiments run in this JVM; {@code process}: every
 *                    experiment runs in a forked JVM (always so for {@code threaded})
 * @param duration    runtime-clock budget of one run: the workloads must finish within it
 * @param deadline    wall-clock budget of one experiment, after which it is stopped
 * @param system      the system under test
 * @param workloads   the workloads every run carries
 * @param groups      the experiments as written (list entries, then the matrix)
 * @param updates     live updates every run performs
 * @param schedules   the {@code schedules:} section (seeded schedules of faults and updates), or {@code null}
 */
public record Campaign(String file, String fileSha256, String name, long seed, String executor, String isolation,
                       Duration duration,
                       Duration deadline, SystemModel system, List<WorkloadModel> workloads,
                       List<ExperimentGroup> groups, List<UpdateModel> updates, ScheduleModel schedules) {
    /** What a campaign name may be: it names the results directory, so a file name and never a path. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** The executors a campaign can run on. */
    public static final List<String> EXECUTORS = List.of("simulated", "threaded");
    /** Where experiments run. */
    public static final List<String> ISOLATIONS = List.of("thread", "process");

    /** Freezes the lists. */
    public Campaign {
        workloads = List.copyOf(workloads);
        groups = List.copyOf(groups);
        updates = List.copyOf(updates);
    }

    /** A campaign without schedules. */
    public Campaign(final String file, final String fileSha256, final String name, final long seed,
                    final String executor, final String isolation, final Duration duration, final Duration deadline,
                    final SystemModel system, final List<WorkloadModel> workloads, final List<ExperimentGroup> groups,
                    final List<UpdateModel> updates) {
        this(file, fileSha256, name, seed, executor, isolation, duration, deadline, system, workloads, groups,
            updates, null);
    }

    /**
     * @param s a schedule
     * @return the campaign as a run of that schedule runs it: the schedule's seed for the runtime and the
     *         workloads, its recovery policies after the system's settings, its updates after the campaign's
     */
    public Campaign forSchedule(final Schedule s) {
        final java.util.List<ServerSettings> settings = new java.util.ArrayList<>(system.servers());
        s.recovery().forEach((server, policy) -> settings.add(new ServerSettings(server, policy, null, null, null,
            null)));
        final java.util.List<UpdateModel> all = new java.util.ArrayList<>(updates);
        s.updates().forEach(u -> all.add(u.update()));
        return new Campaign(file, fileSha256, name, s.seed(), executor, isolation, duration, deadline,
            system.withServers(settings), workloads, groups, all, schedules);
    }

    /** @return whether every experiment runs in a forked JVM */
    public boolean forked() {
        return executor.equals("threaded") || isolation.equals("process");
    }

    /** @return the experiments, expanded in their deterministic order */
    public List<Experiment> experiments() {
        return MatrixExpansion.expand(this);
    }

    /**
     * @param e an experiment of this campaign
     * @return the campaign as that experiment runs it: with its recovery policy for its target, if it sets one
     */
    public Campaign forExperiment(final Experiment e) {
        if (e.recovery() == null) {
            return this;
        }
        final java.util.List<ServerSettings> settings = new java.util.ArrayList<>(system.servers());
        settings.add(new ServerSettings(e.target(), e.recovery(), null, null, null, null));
        return new Campaign(file, fileSha256, name, seed, executor, isolation, duration, deadline,
            system.withServers(settings), workloads, groups, updates, schedules);
    }

    /**
     * @param e an experiment of this campaign
     * @return the recovery policy its target runs under as the campaign sets it (the experiment's
     *         {@code recovery} axis, else the last matching server setting), or null for the server's own
     */
    public String recoveryOf(final Experiment e) {
        return e.target() == null || e.schedule() != null ? null : forExperiment(e).system().servers().stream()
            .filter(s -> s.recovery() != null && s.matches(e.target())).map(ServerSettings::recovery)
            .reduce((first, last) -> last).orElse(null);
    }

    /**
     * @param e an experiment of this campaign
     * @return the checkpoint interval (messages) its target runs with as the campaign sets it, or null for
     *         the server's own
     */
    public Integer checkpointEveryOf(final Experiment e) {
        return e.target() == null || e.schedule() != null ? null : system.servers().stream()
            .filter(s -> s.checkpointEvery() != null && s.matches(e.target())).map(ServerSettings::checkpointEvery)
            .reduce((first, last) -> last).orElse(null);
    }

    /** @param seed another campaign seed @return this campaign with it (for {@code newt run --seed}) */
    public Campaign withSeed(final long seed) {
        return new Campaign(file, fileSha256, name, seed, executor, isolation, duration, deadline, system, workloads,
            groups, updates, schedules);
    }

    /** @param s another schedules section @return this campaign with it (for {@code newt run --runs}) */
    public Campaign withSchedules(final ScheduleModel s) {
        return new Campaign(file, fileSha256, name, seed, executor, isolation, duration, deadline, system, workloads,
            groups, updates, s);
    }
}
