package dev.newt.core.image;

import java.util.Objects;

/**
 * Rewrites the bytecode of an image's class when its {@link ImageClassLoader} defines it: the hook
 * through which the fault injector weaves its sites. Called once per class and loader, under the
 * loader's lock for that class name.
 */
@FunctionalInterface
public interface ClassTransformer {

    /** Leaves every class as it is. */
    ClassTransformer NONE = (className, bytes) -> bytes;

    /**
     * @param className the binary name of the class being defined, for example {@code a.b.C$D}
     * @param bytes     its class file as found in the image (or as an earlier transformer left it)
     * @return the class file to define: {@code bytes} itself when there is nothing to change
     */
    byte[] transform(String className, byte[] bytes);

    /**
     * @param next applied to what this transformer returns
     * @return a transformer that applies this one, then {@code next}
     */
    default ClassTransformer andThen(final ClassTransformer next) {
        Objects.requireNonNull(next, "next");
        if (this == NONE) {
            return next;
        }
        if (next == NONE) {
            return this;
        }
        return (className, bytes) -> next.transform(className, transform(className, bytes));
    }
}
