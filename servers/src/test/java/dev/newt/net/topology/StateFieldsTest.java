package dev.newt.net.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.newt.core.server.NotSaved;
import dev.newt.core.server.ServerSpec;
import dev.newt.core.store.StateCodec;
import dev.newt.net.app.EchoServer;
import dev.newt.net.app.HttpFetch;
import dev.newt.net.app.HttpFileServer;
import dev.newt.net.tcp.TcpServer;
import dev.newt.net.workload.BulkReceiver;
import dev.newt.net.workload.BulkSender;
import dev.newt.net.workload.LatencyHistogram;
import dev.newt.net.workload.PingWorkload;
import dev.newt.net.workload.RpcClient;
import dev.newt.net.workload.RpcServer;
import dev.newt.net.workload.UdpEchoClient;
import dev.newt.net.workload.UdpEchoServer;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every field of the stack servers' state is either checkpointed (written and read by the
 * runtime's {@link StateCodec}) or marked {@link NotSaved} with a reason: a field silently left
 * out of the checkpoint would only show as a wrong state after a restart.
 */
class StateFieldsTest {
    private static final ObjectMapper MAPPER = new StateCodec().mapper();

    @Test
    void everyStackStateFieldIsSavedOrMarkedNotSaved() {
        final Set<Class<?>> classes = stateClasses();
        assertThat(classes).contains(TcpServer.State.class, LatencyHistogram.class).hasSizeGreaterThan(10);
        final List<String> problems = new ArrayList<>();
        classes.forEach(c -> problems.addAll(problems(c)));
        assertThat(problems).as("state fields neither saved nor marked @NotSaved, in " + classes.size()
            + " state classes").isEmpty();
    }

    @Test
    void aFieldLeftOutWithoutAMarkIsFound() {
        assertThat(problems(Fixture.class)).containsExactlyInAnyOrder(
            Fixture.class.getName() + ".cache is not saved: mark it @NotSaved(reason) or save it",
            Fixture.class.getName() + ".view is not saved: mark it @NotSaved(reason) or save it",
            Fixture.class.getName() + ".blank is marked @NotSaved without a reason",
            Fixture.class.getName() + ".saved is marked @NotSaved but is saved");
    }

    /** What the check must catch, beside what it must let pass. */
    @SuppressWarnings("unused")
    static final class Fixture {
        long kept;
        transient long cache;
        @JsonIgnore
        long view;
        @JsonIgnore
        @NotSaved("rebuilt from kept")
        long derived;
        @JsonIgnore
        @NotSaved(" ")
        long blank;
        @NotSaved("claims so, wrongly")
        long saved;
    }

    /**
     * The state classes of every server of a two-host topology, per layer and monolithic, and of
     * the applications and workloads that run over it.
     */
    private static Set<Class<?>> stateClasses() {
        final Set<Class<?>> seen = new LinkedHashSet<>();
        for (final boolean monolithic : new boolean[] {false, true}) {
            final Topology t = Topology.builder().host("a", "10.0.0.1/24").host("b", "10.0.0.2/24").wire("a", "b")
                .monolithic(monolithic).build();
            for (final ServerSpec<?> spec : t.specs()) {
                walk(spec.stateType(), seen);
            }
        }
        for (final Class<?> app : List.of(EchoServer.State.class, HttpFileServer.State.class, HttpFetch.State.class,
            BulkSender.State.class, BulkReceiver.State.class, RpcClient.State.class, RpcServer.State.class,
            UdpEchoClient.State.class, UdpEchoServer.State.class, PingWorkload.State.class)) {
            walk(app, seen);
        }
        return seen;
    }

    /** Adds {@code type} and, recursively, the types of its fields that are Newt's own. */
    private static void walk(final Type type, final Set<Class<?>> seen) {
        if (type instanceof ParameterizedType p) {
            walk(p.getRawType(), seen);
            for (final Type arg : p.getActualTypeArguments()) {
                walk(arg, seen);
            }
        } else if (type instanceof GenericArrayType a) {
            walk(a.getGenericComponentType(), seen);
        } else if (type instanceof WildcardType w) {
            for (final Type bound : w.getUpperBounds()) {
                walk(bound, seen);
            }
        } else if (type instanceof Class<?> c) {
            if (c.isArray()) {
                walk(c.getComponentType(), seen);
            } else if (c.getName().startsWith("dev.newt.") && !c.isEnum() && seen.add(c)) {
                if (c.isSealed()) {
                    for (final Class<?> sub : c.getPermittedSubclasses()) {
                        walk(sub, seen);
                    }
                }
                for (final Field f : instanceFields(c)) {
                    walk(f.getGenericType(), seen);
                }
            }
        }
    }

    private static List<Field> instanceFields(final Class<?> c) {
        final List<Field> out = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class && k.getName().startsWith("dev.newt."); k = k.getSuperclass()) {
            for (final Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /** @return what is wrong with the fields of {@code c}, one line each */
    private static List<String> problems(final Class<?> c) {
        final Set<String> saved = savedFields(c);
        final List<String> out = new ArrayList<>();
        for (final Field f : instanceFields(c)) {
            final NotSaved mark = f.getAnnotation(NotSaved.class);
            final String name = c.getName() + "." + f.getName();
            if (mark == null && !saved.contains(f.getName())) {
                out.add(name + " is not saved: mark it @NotSaved(reason) or save it");
            } else if (mark != null && saved.contains(f.getName())) {
                out.add(name + " is marked @NotSaved but is saved");
            } else if (mark != null && mark.value().isBlank()) {
                out.add(name + " is marked @NotSaved without a reason");
            }
        }
        return out;
    }

    /**
     * @return the names of the fields of {@code c} the codec both writes and reads back (a map or
     *         collection type is saved as its elements: none of its own fields are)
     */
    private static Set<String> savedFields(final Class<?> c) {
        if (Map.class.isAssignableFrom(c) || Collection.class.isAssignableFrom(c) || c.isInterface()) {
            return Set.of();
        }
        final JavaType type = MAPPER.constructType(c);
        final BeanDescription written = MAPPER.getSerializationConfig().introspect(type);
        final BeanDescription read = MAPPER.getDeserializationConfig().introspect(type);
        final Set<String> readBack = read.findProperties().stream()
            .filter(p -> p.hasField() || p.hasSetter() || p.hasConstructorParameter())
            .map(BeanPropertyDefinition::getName).collect(Collectors.toSet());
        return written.findProperties().stream()
            .filter(p -> p.hasField() && readBack.contains(p.getName()))
            .map(p -> p.getField().getName()).collect(Collectors.toSet());
    }
}
