package dev.newt.faults.inject;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.EventLog;
import dev.newt.faults.FaultPlan;
import dev.newt.faults.arm.FaultRegistry;
import dev.newt.faults.arm.MethodSite;
import dev.newt.faults.effect.FlipComparison;
import dev.newt.faults.weave.Weaver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * The optional {@code -javaagent} entry point, for code the runtime does not load through a
 * server image (applications, libraries). It weaves the same advice as {@link FaultInjector#weave}
 * into every class a fault's class and method patterns select, as the JVM loads it; the server
 * pattern is checked when a site is called, against the handler running on the thread, if any.
 *
 * <pre>
 * java -javaagent:newt-agent.jar=plan.json[,events.jsonl] -cp ... Main
 * </pre>
 *
 * The jar needs only a manifest with {@code Premain-Class: dev.newt.faults.inject.FaultAgent}; the classes
 * come from the class path. Faults are armed at once with events going to {@link #events()} (and
 * to the given JSON lines file); {@link #injector()} gives the injector, to {@code finish()} it.
 */
public final class FaultAgent {
    /** The injector's own packages, which the agent never weaves. */
    private static final Set<String> INJECTOR_PACKAGES = Set.of(FaultPlan.class.getPackageName(),
        FaultAgent.class.getPackageName(), FaultRegistry.class.getPackageName(), Weaver.class.getPackageName(),
        FlipComparison.class.getPackageName());
    private static volatile FaultInjector injector;
    private static volatile EventLog events;

    private FaultAgent() {
    }

    /**
     * @param args the plan file (JSON, see {@link FaultPlan#fromMap}), optionally followed by a
     *             comma and a JSON lines file for the events
     * @param inst the JVM's instrumentation
     */
    public static void premain(final String args, final Instrumentation inst) {
        if (args == null || args.isBlank()) {
            throw new IllegalArgumentException("newt fault agent: give a plan file: -javaagent:agent.jar=plan.json");
        }
        final String[] parts = args.split(",", 2);
        final FaultPlan plan;
        try {
            plan = FaultPlan.fromJson(Files.readString(Path.of(parts[0])));
        } catch (IOException e) {
            throw new UncheckedIOException("newt fault agent: cannot read plan " + parts[0], e);
        }
        final EventLog log = parts.length > 1 ? new EventLog(Path.of(parts[1])) : new EventLog();
        final FaultInjector faults = FaultInjector.of(plan);
        faults.installStandalone(log);
        events = log;
        injector = faults;
        builder(faults, log).installOn(inst);
    }

    /** Same as {@link #premain}, for an agent attached to a running JVM (classes loaded later only). */
    public static void agentmain(final String args, final Instrumentation inst) {
        premain(args, inst);
    }

    /** @return the injector of the installed agent, or {@code null} when there is none */
    public static FaultInjector injector() {
        return injector;
    }

    /** @return where the installed agent's events go, or {@code null} when there is none */
    public static EventLog events() {
        return events;
    }

    /**
     * @param faults the injector whose faults to weave
     * @param log    where a class that cannot be woven is reported ({@code fault-weaving-failed}):
     *               the class then loads unwoven, and its faults show as not activated
     * @return the agent builder that weaves the injector's faults, ready to install
     */
    static AgentBuilder builder(final FaultInjector faults, final EventLog log) {
        final AgentBuilder base = Boolean.getBoolean("newt.agent.debug")
            ? new AgentBuilder.Default().with(AgentBuilder.Listener.StreamWriting.toSystemError())
            : new AgentBuilder.Default();
        return base
            .with(new AgentBuilder.Listener.Adapter() {
                @Override
                public void onError(final String typeName, final ClassLoader loader, final JavaModule module,
                                    final boolean loaded, final Throwable error) {
                    log.record(new CustomEvent(0, "agent", EventKinds.FAULT_WEAVING_FAILED,
                        Map.of("class", typeName, "error", String.valueOf(error))));
                }
            })
            .ignore(nameStartsWith("net.bytebuddy.").or(FaultAgent::isInjectorClass)
                .or(nameStartsWith("java.")).or(nameStartsWith("jdk.")).or(nameStartsWith("sun.")))
            .type(selectedBy(faults.plan()))
            .transform(transformer(faults));
    }

    /** Weaving the injector into itself would recurse; other packages under it (tests, probes) are fair game. */
    private static boolean isInjectorClass(final TypeDescription type) {
        final String n = type.getName();
        final int dot = n.lastIndexOf('.');
        return dot > 0 && INJECTOR_PACKAGES.contains(n.substring(0, dot));
    }

    private static ElementMatcher<TypeDescription> selectedBy(final FaultPlan plan) {
        return type -> plan.faults().stream().anyMatch(f -> f.site().matchesClass(type.getName()));
    }

    /**
     * @param faults the injector whose faults to weave
     * @return the transformer the agent applies to each selected class: one advice per site, the
     *         site's id bound as a constant, as {@link Weaver} does for images
     */
    public static AgentBuilder.Transformer transformer(final FaultInjector faults) {
        return (builder, type, loader, module, domain) -> {
            DynamicType.Builder<?> b = builder;
            for (MethodSite s : faults.sitesForAgent(type)) {
                b = Weaver.visit(b, s);
            }
            return b;
        };
    }
}
