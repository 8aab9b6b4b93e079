package dev.newt.core.runtime;

import dev.newt.core.event.GaveUp;
import dev.newt.core.event.HangDetected;
import dev.newt.core.exec.Agent;
import dev.newt.core.server.RecoveryPolicy;
import dev.newt.core.server.RestartIntensity;
import dev.newt.core.server.StartReason;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * MINIX's reincarnation server with OTP's discipline. Slots report failures (crash, corruption,
 * failed restart); the supervisor watches for hangs itself. For each failure it checks the restart
 * intensity, then orders a restart after the back-off, or gives up and escalates. Restarts are
 * carried out by the slot's own worker, so a restart that fails or blocks never blocks the
 * supervisor: a failed restart comes back as another failure.
 *
 * <p>Runs as the executor's system agent; reports arrive from any thread through a queue.
 */
final class Supervisor implements Agent {
    private final NewtRuntime runtime;
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final Map<String, ArrayDeque<Long>> restartTimes = new HashMap<>();
    private final Consumer<GaveUp> escalation;
    private volatile Waker waker = Waker.NONE;

    Supervisor(final NewtRuntime runtime, final Consumer<GaveUp> escalation) {
        this.runtime = runtime;
        this.escalation = escalation;
    }

    @Override
    public String roleName() {
        return "supervisor";
    }

    @Override
    public void attach(final Waker w) {
        this.waker = w;
    }

    @Override
    public boolean hasWork() {
        return !inbox.isEmpty();
    }

    @Override
    public int doWork(final int limit) {
        int n = 0;
        Runnable r;
        while (n < limit && (r = inbox.poll()) != null) {
            r.run();
            n++;
        }
        return n;
    }

    /** Reports that an incarnation of {@code slot} died; callable from any thread. */
    void failed(final ServerSlot<?> slot, final long epoch, final String reason) {
        inbox.add(() -> recover(slot, epoch, reason));
        waker.wake();
    }

    /** Starts watching a simulated hang that began at {@code start}; from the simulation thread. */
    void watchSimulatedHang(final ServerSlot<?> slot, final long start) {
        slot.spec.hangDeadline().ifPresent(d -> runtime.timers().schedule(
            start + d.toNanos() - runtime.now() + 1, () -> checkHang(slot, start)));
    }

    /** Looks for handlers running past their deadline; threaded executor, on the system thread. */
    void scanForHangs(final List<ServerSlot<?>> slots) {
        final long now = runtime.now();
        for (ServerSlot<?> slot : slots) {
            final long start = slot.busySince();
            if (start >= 0 && slot.spec.hangDeadline().isPresent()
                && now - start > slot.spec.hangDeadline().get().toNanos()) {
                checkHang(slot, start);
            }
        }
    }

    private void checkHang(final ServerSlot<?> slot, final long start) {
        final long epoch = slot.epoch();
        switch (slot.revokeIfBusySince(start)) {
            case HANDLER -> {
                runtime.record(new HangDetected(runtime.now(), slot.name(), epoch, runtime.now() - start));
                runtime.executor().replaceWorker(slot);
                recover(slot, epoch, "hang");
            }
            // A live update's shadow hung after the live handler: the live version is sound and
            // serves on a new worker; the update ends the shadow (it records why).
            case SHADOW -> runtime.executor().replaceWorker(slot);
            default -> { }
        }
    }

    private void recover(final ServerSlot<?> slot, final long epoch, final String reason) {
        if (slot.state() == ServerState.GIVEN_UP || slot.state() == ServerState.STOPPED) {
            return;
        }
        if (slot.lifecycle.updateTookFailure(reason)) {
            // A new version failing on probation is rolled back by its update, not restarted.
            return;
        }
        final long now = runtime.now();
        final RestartIntensity limit = slot.spec.intensity();
        final ArrayDeque<Long> times = restartTimes.computeIfAbsent(slot.name(), k -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() > limit.window().toNanos()) {
            times.pollFirst();
        }
        if (times.size() >= limit.maxRestarts()) {
            slot.lifecycle.giveUp();
            final GaveUp g = new GaveUp(now, slot.name(), times.size(), limit.window().toNanos(), reason);
            runtime.record(g);
            escalation.accept(g);
            return;
        }
        final long delay = slot.spec.backoff().delayNanos(times.size());
        times.addLast(now);
        // Read at every restart: the policy can change at run time (NewtRuntime.changeRecovery). A
        // replay log that misses messages (replay chosen since the last checkpoint) restores the
        // checkpoint alone, as the checkpoint policy would.
        final RecoveryPolicy chosen = slot.spec.recovery();
        final RecoveryPolicy policy = chosen == RecoveryPolicy.CHECKPOINT_REPLAY && !slot.replayLog.whole()
            ? RecoveryPolicy.CHECKPOINT : chosen;
        final ServerSlot.RestartOrder order = new ServerSlot.RestartOrder(policy, reasonFor(policy));
        if (delay == 0) {
            slot.order(order);
        } else {
            runtime.timers().schedule(delay, () -> slot.order(order));
        }
    }

    private static StartReason reasonFor(final RecoveryPolicy policy) {
        return switch (policy) {
            case FRESH -> StartReason.RESTART_FRESH;
            case CHECKPOINT -> StartReason.RESTART_CHECKPOINT;
            case CHECKPOINT_REPLAY -> StartReason.RESTART_REPLAY;
        };
    }
}
