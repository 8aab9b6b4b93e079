package dev.newt.core.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.newt.core.message.Envelope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Envelopes and payloads through the channel codec come back equal. */
class EnvelopeCodecTest {
    record Reading(String sensor, long value, List<Integer> history) {
    }

    private final PayloadCodec payloads = new PayloadCodec();

    private Envelope roundTrip(final Envelope e) {
        final FrameOut out = new FrameOut();
        EnvelopeCodec.write(out, e, payloads);
        final FrameIn in = copy(out);
        final Envelope back = EnvelopeCodec.read(in, payloads);
        assertEquals(0, in.remaining(), "nothing left over");
        return back;
    }

    private static FrameIn copy(final FrameOut out) {
        final FrameIn in = new FrameIn();
        final FrameIn.Copier c = new FrameIn.Copier();
        c.target = in;
        c.onMessage(1, out.buffer(), 0, out.length());
        return in;
    }

    @Test
    void everyHeaderFieldAndARecordPayloadComeBack() {
        final Envelope e = new Envelope(Envelope.Kind.REQUEST, "a.client", 3, "counter", 42,
            new Reading("t1", -7, List.of(1, 2, 3)), 123_456_789L);
        assertEquals(e, roundTrip(e));
    }

    @Test
    void theCommonTypesTravelByTag() {
        for (Object p : List.of("text", 5L, 6, true)) {
            assertEquals(p, roundTrip(new Envelope(Envelope.Kind.MESSAGE, "a", 1, "b", 0, p, 0)).payload());
        }
        final byte[] bytes = {1, 2, 3};
        assertArrayEquals(bytes, (byte[]) roundTrip(new Envelope(Envelope.Kind.REPLY, "a", 1, "b", 9, bytes, 0)).payload());
    }

    @Test
    void aPayloadOfAClassTheReaderDoesNotHaveIsRefusedNamingIt() {
        final FrameOut out = new FrameOut().putByte(9).putString("no.such.Payload").putBytes(new byte[] {(byte) 0xA0});
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> payloads.read(copy(out)));
        assertTrue(e.getMessage().contains("no.such.Payload"), e.getMessage());
    }
}
