package dev.newt.campaign.run;

import dev.newt.campaign.spec.UpdateModel;
import dev.newt.campaign.system.ImageArgs;
import dev.newt.campaign.system.IsolatedUpdateRecipe;
import dev.newt.campaign.spec.Components;
import dev.newt.campaign.spec.Plugins;
import dev.newt.campaign.spec.StackServer;
import dev.newt.campaign.spec.UserComponent;
import dev.newt.campaign.system.SystemAssembly;
import dev.newt.core.image.ImageSpecs;
import dev.newt.core.image.ServerImage;
import dev.newt.core.runtime.NewtRuntime;
import dev.newt.core.server.ServerSpec;
import dev.newt.results.UpdateResult;
import dev.newt.update.HealthCheck;
import dev.newt.update.UpdateManager;
import dev.newt.update.UpdateOutcome;
import dev.newt.update.UpdatePlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A campaign's updates performed by the update manager: at its time, each update replaces its
 * servers (atomically, when several) with the classes of its image, a class directory or jar
 * holding a new version of the servers' package with the same class names (as update-manager's
 * build makes {@code target/images/tcp-v2}); the state moves with the transform the image ships,
 * else field by field (see {@code UpdateRun}). The new versions keep the running servers'
 * settings and constructor arguments.
 */
final class ManagedUpdates implements ScheduledUpdates {
    static final ManagedUpdates INSTANCE = new ManagedUpdates();

    private ManagedUpdates() {
    }

    @Override
    public Scheduled schedule(final SystemAssembly.Assembled system, final List<UpdateModel> updates) {
        return new Run(system, updates);
    }

    /** The updates of one run, requested in time order. */
    private static final class Run implements Scheduled {
        private final SystemAssembly.Assembled system;
        private final UpdateManager manager;
        private final List<UpdateModel> pending;
        private final List<UpdateModel> requested = new ArrayList<>();
        private final List<CompletableFuture<UpdateOutcome>> outcomes = new ArrayList<>();
        private final List<Long> requestedAt = new ArrayList<>();

        Run(final SystemAssembly.Assembled system, final List<UpdateModel> updates) {
            this.system = system;
            this.manager = UpdateManager.of(system.runtime());
            this.pending = new ArrayList<>(updates);
            pending.sort(Comparator.comparing(UpdateModel::at));
        }

        @Override
        public long nextAt() {
            return pending.isEmpty() ? Long.MAX_VALUE : pending.get(0).at().toNanos();
        }

        @Override
        public void requestDue() {
            final NewtRuntime rt = system.runtime();
            while (!pending.isEmpty() && pending.get(0).at().toNanos() <= rt.now()) {
                final UpdateModel u = pending.remove(0);
                requested.add(u);
                requestedAt.add(rt.now());
                CompletableFuture<UpdateOutcome> f;
                try {
                    f = manager.start(plan(u));
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                outcomes.add(f);
            }
        }

        private UpdatePlan plan(final UpdateModel u) {
            UpdatePlan plan = null;
            for (String server : u.servers()) {
                final UserComponent user = Components.user(system.system(), server);
                final Class<?> anchor = user == null ? StackServer.of(server).serverClass() : userClass(user);
                final ServerImage image = ServerImage.ofPackageAt(u.image(), u.imageDir(), anchor);
                final List<Object> args = new ArrayList<>(List.of(system.constructorArgs(server)));
                args.addAll(u.extraArgs());
                final String serverClass = u.serverClass() != null ? u.serverClass() : anchor.getName();
                final String stateClass = user == null ? StackServer.of(server).stateClassName()
                    : user.stateClass() != null && u.serverClass() == null ? user.stateClass()
                    : Plugins.stateClassOf(image.loadClass(serverClass));
                final ServerSpec<?> running = system.runtime().spec(server);
                ServerSpec<?> spec = ImageSpecs.sameSettings(running, image, serverClass, stateClass,
                    ImageArgs.into(image, args.toArray()));
                if (running.isolation().isPresent() && user != null && system.processes() != null) {
                    // isolation: process: the new version runs in a fresh child, which loads the image itself.
                    spec = spec.withIsolation(system.processes().of(IsolatedUpdateRecipe.class,
                        IsolatedUpdateRecipe.args(u.image(), u.imageDir(), user.className(), serverClass, stateClass,
                            args, Plugins.paths(system.system()))));
                }
                plan = plan == null ? UpdatePlan.of(server, spec) : plan.and(server, spec);
            }
            plan = plan.image(label(u));
            return u.probation().isZero() ? plan : plan.probation(u.probation(), HealthCheck.serving());
        }

        /** @return the image's name in results: the last element of its path, such as {@code tcp-v2} */
        private static String label(final UpdateModel u) {
            return u.imageDir().getFileName().toString();
        }

        /** A user server's running class, from the campaign's plugin loader: the new image's parent. */
        private Class<?> userClass(final UserComponent user) {
            try {
                return Class.forName(user.className(), false, system.plugins());
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("server '" + user.name() + "': no class " + user.className(), e);
            }
        }

        @Override
        public List<UpdateResult> results() {
            final List<UpdateResult> out = new ArrayList<>();
            for (int i = 0; i < requested.size(); i++) {
                final UpdateModel u = requested.get(i);
                final CompletableFuture<UpdateOutcome> f = outcomes.get(i);
                if (!f.isDone()) {
                    out.add(aborted(u, requestedAt.get(i), "the run ended before the update finished"));
                } else if (f.isCompletedExceptionally()) {
                    out.add(aborted(u, requestedAt.get(i), "the update could not start: "
                        + f.handle((x, e) -> e.getMessage()).join()));
                } else {
                    final UpdateOutcome o = f.join();
                    out.add(new UpdateResult(o.servers(), o.image(), o.requestedAt(), o.result().label(),
                        o.quiesceNanos(), o.transferNanos(), o.downtimeNanos(), o.totalNanos(), o.reason(),
                        o.wallQuiesceNanos(), o.wallTransferNanos(), o.wallTotalNanos()));
                }
            }
            for (UpdateModel u : pending) {
                out.add(aborted(u, u.at().toNanos(), "the run ended before the update's time"));
            }
            return out;
        }

        private static UpdateResult aborted(final UpdateModel u, final long at, final String reason) {
            return new UpdateResult(u.servers(), label(u), at, "aborted", 0, 0, 0, 0, reason);
        }
    }
}
