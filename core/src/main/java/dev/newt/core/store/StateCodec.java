package dev.newt.core.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;

/**
 * Turns server states into bytes and back, through Jackson's data model written as CBOR (RFC
 * 8949): JSON's structure, but byte arrays (the TCP buffers, frames in flight) stay raw instead of
 * growing a third as base64 text, and nothing is parsed as text. Fields are read directly (no
 * getters needed), keys are sorted so that equal states give equal bytes, and unknown fields are
 * an error: a restore that does not match the state class fails loudly rather than yielding a
 * half-empty state. {@link #mapper()} reads a checkpoint as a tree for code that transforms it.
 *
 * <p>Encoding is on every checkpoint's path, so its per-call costs are kept out: the writer of each
 * state class (its serializer found once) is cached, and the bytes go into a buffer each thread
 * reuses ({@link EncodeBuffer}) and are copied out once. The bytes are those
 * {@code mapper().writeValueAsBytes(state)} gives.
 */
public final class StateCodec {
    private final ObjectMapper mapper;
    /** A writer per state class, its root serializer looked up once. */
    private final ClassValue<ObjectWriter> writers = new ClassValue<>() {
        @Override
        protected ObjectWriter computeValue(final Class<?> type) {
            return mapper.writerFor(type);
        }
    };
    private static final ThreadLocal<EncodeBuffer> BUFFERS = ThreadLocal.withInitial(EncodeBuffer::new);

    /** A codec with the runtime's settings. */
    public StateCodec() {
        this.mapper = CBORMapper.builder()
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .visibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    }

    /** @return the mapper, for code that transforms state trees (the update manager) */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * @param server whose state, for the error message
     * @param state  to serialize
     * @return the encoded bytes
     * @throws StateCodecException naming the server and the cause
     */
    public byte[] encode(final String server, final Object state) {
        final EncodeBuffer mine = BUFFERS.get().claim();
        final EncodeBuffer out = mine != null ? mine : new EncodeBuffer().claim();
        try {
            (state == null ? mapper.writer() : writers.get(state.getClass())).writeValue(out, state);
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new StateCodecException("cannot serialize state of '" + server + "' ("
                + (state == null ? "null" : state.getClass().getName()) + "): " + e.getMessage(), e);
        } finally {
            out.release();
        }
    }

    /**
     * @param server  whose state, for the error message
     * @param encoded serialized state, as {@link #encode} wrote it
     * @param type    the state class
     * @param <S>     the state type
     * @return a new state object
     * @throws StateCodecException naming the server and the cause
     */
    public <S> S decode(final String server, final byte[] encoded, final Class<S> type) {
        try {
            final S s = mapper.readValue(encoded, type);
            if (s == null) {
                throw new StateCodecException("checkpoint of '" + server + "' holds null", null);
            }
            return s;
        } catch (IOException | RuntimeException e) {
            if (e instanceof StateCodecException sce) {
                throw sce;
            }
            throw new StateCodecException("cannot restore state of '" + server + "' as "
                + type.getName() + ": " + e.getMessage(), e);
        }
    }
}
