package dev.newt.net.wire;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outcome of decoding untrusted bytes: either the {@linkplain Ok value}, or a
 * {@linkplain Dropped drop} with its {@link DropReason} and a human-readable detail.
 *
 * <p>Decoders return this instead of throwing, because bad input on a network path is normal,
 * not exceptional: a receive loop reads
 * <pre>{@code
 * Decoded<Ipv4Packet> d = Ipv4Packet.decode(frame.payload());
 * if (!d.isOk()) { drops.add(d.reason()); return; }
 * Ipv4Packet p = d.value();
 * }</pre>
 * or counts with {@link DropCounts#accept(Decoded)}. The {@code detail} is for logs and tests;
 * count by {@code reason}, which is an enum so a counter table can be an array.
 *
 * @param <T> the decoded type
 */
public sealed interface Decoded<T> permits Decoded.Ok, Decoded.Dropped {

    /**
     * @param value decoded value
     * @param <T>   its type
     * @return a success
     */
    static <T> Decoded<T> ok(final T value) {
        return new Ok<>(value);
    }

    /**
     * @param reason why the input was dropped
     * @param detail what exactly was wrong, for humans
     * @param <T>    the type that was being decoded
     * @return a drop
     */
    static <T> Decoded<T> drop(final DropReason reason, final String detail) {
        return new Dropped<>(reason, detail);
    }

    /** @return whether decoding succeeded */
    boolean isOk();

    /**
     * @return the decoded value
     * @throws IllegalStateException if this is a drop (a caller bug: check {@link #isOk()})
     */
    T value();

    /**
     * @return why the input was dropped
     * @throws IllegalStateException if this is a success
     */
    DropReason reason();

    /**
     * @return what exactly was wrong
     * @throws IllegalStateException if this is a success
     */
    String detail();

    /**
     * @param f   applied to the value of a success
     * @param <U> the new type
     * @return a success of {@code f(value)}, or this drop unchanged
     */
    <U> Decoded<U> map(Function<? super T, ? extends U> f);

    /**
     * Chains the next layer's decoder, so that a drop anywhere along the way comes out.
     *
     * @param f   decodes further from the value of a success
     * @param <U> the new type
     * @return {@code f(value)}, or this drop unchanged
     */
    <U> Decoded<U> flatMap(Function<? super T, Decoded<U>> f);

    /** @return the value of a success, empty for a drop */
    Optional<T> toOptional();

    /**
     * A successful decode.
     *
     * @param value the decoded value, not null
     * @param <T>   its type
     */
    record Ok<T>(T value) implements Decoded<T> {
        /** Rejects a null value. */
        public Ok {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean isOk() {
            return true;
        }

        @Override
        public DropReason reason() {
            throw new IllegalStateException("not dropped: " + value);
        }

        @Override
        public String detail() {
            throw new IllegalStateException("not dropped: " + value);
        }

        @Override
        public <U> Decoded<U> map(final Function<? super T, ? extends U> f) {
            return new Ok<>(f.apply(value));
        }

        @Override
        public <U> Decoded<U> flatMap(final Function<? super T, Decoded<U>> f) {
            return Objects.requireNonNull(f.apply(value), "flatMap function returned null");
        }

        @Override
        public Optional<T> toOptional() {
            return Optional.of(value);
        }
    }

    /**
     * A drop.
     *
     * @param reason why, not null
     * @param detail what exactly was wrong, not null
     * @param <T>    the type that was being decoded
     */
    record Dropped<T>(DropReason reason, String detail) implements Decoded<T> {
        /** Rejects nulls. */
        public Dropped {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean isOk() {
            return false;
        }

        @Override
        public T value() {
            throw new IllegalStateException("dropped: " + reason + ": " + detail);
        }

        @Override
        public <U> Decoded<U> map(final Function<? super T, ? extends U> f) {
            return retype();
        }

        @Override
        public <U> Decoded<U> flatMap(final Function<? super T, Decoded<U>> f) {
            return retype();
        }

        @Override
        public Optional<T> toOptional() {
            return Optional.empty();
        }

        /*
         * A drop carries no T, so it is safe to hand on as a drop of any type; reusing it keeps
         * the drop path of a layered decode free of allocation.
         */
        @SuppressWarnings("unchecked")
        private <U> Decoded<U> retype() {
            return (Decoded<U>) this;
        }

        @Override
        public String toString() {
            return "Dropped[" + reason + ": " + detail + "]";
        }
    }
}
