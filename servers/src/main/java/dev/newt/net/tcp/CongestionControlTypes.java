package dev.newt.net.tcp;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.io.IOException;
import java.util.Map;

/**
 * How a connection's {@link CongestionControl} is named in a checkpoint. The algorithms every
 * version shares (from the parent loader) by a stable name ({@code newreno}); any other by its
 * binary class name, which is read back through the loader of the object that holds it (the
 * connection's sender, of the same image as the algorithm), so that an algorithm delivered only in
 * an image (CUBIC in {@code tcp-cubic}) restores from its checkpoints and moves across a live
 * update, with nothing listed in the parent loader. A name that is no congestion control in that
 * loader (nor in the parent's) fails the restore, naming it.
 */
public final class CongestionControlTypes extends TypeIdResolverBase {
    private static final Map<String, Class<?>> SHARED = Map.of("newreno", NewReno.class);
    private static final Map<Class<?>, String> NAMES = Map.of(NewReno.class, "newreno");

    @Override
    public String idFromValue(final Object value) {
        return idFromValueAndType(value, value.getClass());
    }

    @Override
    public String idFromValueAndType(final Object value, final Class<?> type) {
        final String name = NAMES.get(type);
        return name != null ? name : type.getName();
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
        return JsonTypeInfo.Id.CUSTOM;
    }

    @Override
    public String getDescForKnownTypeIds() {
        return "newreno, or the binary name of a CongestionControl class of the state's image";
    }

    @Override
    public JavaType typeFromId(final DatabindContext context, final String id) throws IOException {
        final Class<?> shared = SHARED.get(id);
        if (shared != null) {
            return context.constructType(shared);
        }
        final Class<?> found = imageClass(context, id);
        if (found == null || !CongestionControl.class.isAssignableFrom(found)) {
            if (context instanceof DeserializationContext d) {
                throw d.invalidTypeIdException(context.constructType(CongestionControl.class), id,
                    "no congestion control of that name in the state's image or in the parent loader");
            }
            throw new IllegalArgumentException("unknown congestion control '" + id + "'");
        }
        return context.constructType(found);
    }

    /** @return the class named {@code id} in the loader of the nearest enclosing object being read, else the parent's */
    private static Class<?> imageClass(final DatabindContext context, final String id) {
        if (context instanceof DeserializationContext d && d.getParser() != null) {
            final JsonParser p = d.getParser();
            for (JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
                final Object holder = c.getCurrentValue();
                final ClassLoader loader = holder == null ? null : holder.getClass().getClassLoader();
                if (loader != null && loader != CongestionControl.class.getClassLoader()) {
                    final Class<?> found = load(id, loader);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return load(id, CongestionControl.class.getClassLoader());
    }

    private static Class<?> load(final String id, final ClassLoader loader) {
        try {
            return Class.forName(id, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
