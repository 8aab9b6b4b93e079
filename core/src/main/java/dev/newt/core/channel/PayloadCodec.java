package dev.newt.core.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.newt.core.store.StateCodec;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Payloads on a channel: the common small types by a one-byte tag ({@code String}, {@code Long},
 * {@code Integer}, {@code Boolean}, {@code byte[]}), any other object as CBOR (the state codec's
 * Jackson mapper: fields, sorted keys) after its class name, the type id, resolved with the
 * given class loader on the reading side. Servers' messages are immutable records, which this
 * covers; a payload Jackson cannot write or read back is an {@link IllegalArgumentException}
 * naming its class.
 */
public final class PayloadCodec {
    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int LONG = 2;
    private static final int INT = 3;
    private static final int BOOLEAN = 4;
    private static final int BYTES = 5;
    private static final int OBJECT = 9;

    private final ObjectMapper mapper = new StateCodec().mapper();
    private final ClassLoader loader;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

    /** @param loader resolves the classes of payloads read */
    public PayloadCodec(final ClassLoader loader) {
        this.loader = loader;
    }

    /** A codec resolving classes with this class's own loader. */
    public PayloadCodec() {
        this(PayloadCodec.class.getClassLoader());
    }

    /** @param out where to append it @param payload the payload, or null */
    public void write(final FrameOut out, final Object payload) {
        if (payload == null) {
            out.putByte(NULL);
        } else if (payload instanceof String s) {
            out.putByte(STRING).putString(s);
        } else if (payload instanceof Long l) {
            out.putByte(LONG).putLong(l);
        } else if (payload instanceof Integer i) {
            out.putByte(INT).putInt(i);
        } else if (payload instanceof Boolean b) {
            out.putByte(BOOLEAN).putBoolean(b);
        } else if (payload instanceof byte[] b) {
            out.putByte(BYTES).putBytes(b);
        } else {
            try {
                out.putByte(OBJECT).putString(payload.getClass().getName()).putBytes(mapper.writeValueAsBytes(payload));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot encode a payload of " + payload.getClass().getName()
                    + " for another process: " + e.getMessage(), e);
            }
        }
    }

    /** @param in where to read it from @return the payload, or null */
    public Object read(final FrameIn in) {
        final int tag = in.getByte();
        return switch (tag) {
            case NULL -> null;
            case STRING -> in.getString();
            case LONG -> in.getLong();
            case INT -> in.getInt();
            case BOOLEAN -> in.getBoolean();
            case BYTES -> in.getBytes();
            case OBJECT -> readObject(in.getString(), in.getBytes());
            default -> throw new IllegalArgumentException("unknown payload tag " + tag);
        };
    }

    private Object readObject(final String className, final byte[] bytes) {
        try {
            return mapper.readValue(bytes, classes.computeIfAbsent(className, this::load));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot decode a payload of " + className + ": " + e.getMessage(), e);
        }
    }

    private Class<?> load(final String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no payload class " + name, e);
        }
    }
}
