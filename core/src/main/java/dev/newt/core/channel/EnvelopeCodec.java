package dev.newt.core.channel;

import dev.newt.core.message.Envelope;

/**
 * An {@link Envelope} on a channel: its kind, sender and epoch, receiver, correlation id and send
 * time, then its payload by the {@link PayloadCodec}. The runtime's ticket does not travel: it is
 * bookkeeping of the sending process.
 */
public final class EnvelopeCodec {
    private static final Envelope.Kind[] KINDS = Envelope.Kind.values();

    private EnvelopeCodec() {
    }

    /** @param out where to append it @param e the envelope @param payloads the payload codec */
    public static void write(final FrameOut out, final Envelope e, final PayloadCodec payloads) {
        out.putByte(e.kind().ordinal()).putString(e.from()).putLong(e.fromEpoch()).putString(e.to())
            .putLong(e.correlationId()).putLong(e.sentAt());
        payloads.write(out, e.payload());
    }

    /** @param in where to read it from @param payloads the payload codec @return the envelope, without a ticket */
    public static Envelope read(final FrameIn in, final PayloadCodec payloads) {
        final Envelope.Kind kind = KINDS[in.getByte()];
        final String from = in.getString();
        final long fromEpoch = in.getLong();
        final String to = in.getString();
        final long correlationId = in.getLong();
        final long sentAt = in.getLong();
        return new Envelope(kind, from, fromEpoch, to, correlationId, payloads.read(in), sentAt);
    }
}
