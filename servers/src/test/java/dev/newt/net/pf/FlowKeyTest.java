package dev.newt.net.pf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Flow#hasKey} answers as {@code k.equals(flow.key())} does, for keys right, near and wrong. */
class FlowKeyTest {

    private static int anInt(final SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> -1;
            case 1 -> 0;
            case 2 -> Integer.MIN_VALUE + r.nextInt(3);
            case 3 -> Integer.MAX_VALUE - r.nextInt(3);
            case 4 -> r.nextInt(10);
            default -> r.nextInt(70_000);
        };
    }

    private static String anAddress(final SplittableRandom r) {
        return r.nextInt(20) == 0 ? null : "10.0." + r.nextInt(3) + "." + r.nextInt(256);
    }

    private static Flow aFlow(final SplittableRandom r) {
        return new Flow(r.nextBoolean() ? 6 : anInt(r), anAddress(r), anInt(r), anAddress(r), anInt(r), 0);
    }

    private static List<String> keysNear(final String key, final SplittableRandom r) {
        final List<String> keys = new ArrayList<>(List.of(key, "", key + "0", key + " ", "0" + key, "-" + key,
            key.substring(0, key.length() - 1), key.substring(1)));
        for (int i = 0; i < 6; i++) {
            final int at = r.nextInt(key.length());
            final char c = "0123456789 :->.-n".charAt(r.nextInt(17));
            keys.add(key.substring(0, at) + c + key.substring(at + 1));
            keys.add(key.substring(0, at) + c + key.substring(at));
            keys.add(key.substring(0, at) + key.substring(at + 1));
        }
        return keys;
    }

    @Test
    void answersAsEqualsOnTheBuiltKey() {
        final SplittableRandom r = new SplittableRandom(15);
        int matched = 0;
        for (int i = 0; i < 20_000; i++) {
            final Flow f = aFlow(r);
            final Flow other = aFlow(r);
            final List<String> keys = keysNear(f.key(), r);
            keys.add(other.key());
            for (String k : keys) {
                assertThat(f.hasKey(k)).as("flow %s, key '%s'", f, k).isEqualTo(k.equals(f.key()));
                matched += f.hasKey(k) ? 1 : 0;
            }
        }
        assertThat(matched).as("the right keys were among them").isGreaterThanOrEqualTo(20_000);
    }
}
