package dev.newt.core.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a server's state that its checkpoints deliberately leave out (a field
 * {@code transient} or {@code @JsonIgnore}d: a cache, scratch space, a view rebuilt from saved
 * fields), after gVisor's {@code nosave} tag. A restored state has the field at whatever its
 * class's constructor gives it, so the reason says why that is enough.
 *
 * <p>A state field that is neither saved nor marked is a bug that shows only after a restart;
 * a test can walk the state classes and refuse such fields (servers' {@code StateFieldsTest}).
 *
 * <pre>{@code
 * @JsonIgnore
 * @NotSaved("a cache of encoded, rebuilt on the next read")
 * private byte[] cached;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface NotSaved {
    /** @return why the state is whole without this field after a restore */
    String value();
}
