package dev.newt.update.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.newt.core.image.ImageClassLoader;
import dev.newt.core.image.ServerImage;
import dev.newt.core.store.StateCodec;
import dev.newt.core.store.StateCodecException;
import dev.newt.net.tcp.CongestionControl;
import dev.newt.net.tcp.TcpConfig;
import dev.newt.net.tcp.TcpServer;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The tcp images the build makes: what they hold and what they share, and how a v1 state maps to v2. */
class TcpImageTest {
    private final StateCodec codec = new StateCodec();

    @Test
    void v2ImageDefinesItsOwnTcpClassesAndSharesTheConfigurationWithVersion1() {
        final ServerImage v2 = TcpImages.image(TcpImages.V2);
        final Class<?> server = v2.loadClass(TcpImages.SERVER);
        assertThat(server).isNotEqualTo(TcpServer.class);
        assertThat(server.getClassLoader()).isInstanceOf(ImageClassLoader.class);
        assertThat(v2.loadClass("dev.newt.net.tcp.Connection").getClassLoader()).isSameAs(server.getClassLoader());
        assertThat(v2.loadClass(TcpConfig.class.getName())).as("configuration from the parent").isSameAs(TcpConfig.class);
        assertThat(v2.loadClass(CongestionControl.class.getName())).isSameAs(CongestionControl.class);
        assertThat(v2.classNames()).doesNotContain(TcpConfig.class.getName())
            .contains(TcpImages.SERVER, TcpImages.STATE, "dev.newt.net.tcp.Demux");
    }

    @Test
    void v2StateIsTheChangedSchema() throws Exception {
        final Class<?> state = TcpImages.image(TcpImages.V2).loadClass(TcpImages.STATE);
        assertThat(fieldNames(state)).contains("nextEphemeralPort", "updatesSeen", "segmentsSinceUpdate")
            .doesNotContain("nextEphemeral");
        assertThat(state.getField("tuples").getType()).isEqualTo(HashMap.class);
        assertThat(TcpServer.State.class.getField("tuples").getType()).isEqualTo(TreeMap.class);
    }

    @Test
    void brokenImageIsVersion1WithABrokenServerClass() {
        final ServerImage broken = TcpImages.image(TcpImages.BROKEN);
        assertThat(fieldNames(broken.loadClass(TcpImages.STATE))).containsExactlyInAnyOrderElementsOf(
            fieldNames(TcpServer.State.class));
        assertThat(broken.loadClass(TcpImages.BROKEN_SERVER).getClassLoader()).isInstanceOf(ImageClassLoader.class);
    }

    @Test
    void v1StateRestoresAsV2OnlyThroughTheMappingAndKeepsEveryValue() throws Exception {
        final TcpServer.State v1 = new TcpServer.State();
        v1.nextId = 7;
        v1.nextEphemeral = 50_000;
        v1.tuples.put(42L, 3);
        v1.counters.put("segments.in", 99L);
        final byte[] json = codec.encode("a.tcp", v1);
        final Class<?> v2Type = TcpImages.image(TcpImages.V2).loadClass(TcpImages.STATE);

        assertThatThrownBy(() -> codec.decode("a.tcp", json, v2Type)).isInstanceOf(StateCodecException.class)
            .hasMessageContaining("a.tcp").hasMessageContaining("nextEphemeral");

        final ObjectNode tree = (ObjectNode) codec.mapper().readTree(json);
        final Object v2 = codec.decode("a.tcp", codec.mapper().writeValueAsBytes(TcpV2Mapping.apply(tree)), v2Type);
        assertThat(v2Type.getField("nextId").get(v2)).isEqualTo(7);
        assertThat(v2Type.getField("nextEphemeralPort").get(v2)).isEqualTo(50_000);
        assertThat(v2Type.getField("tuples").get(v2)).isEqualTo(new HashMap<>(v1.tuples));
        assertThat(v2Type.getField("counters").get(v2)).isEqualTo(v1.counters);
        assertThat(v2Type.getField("updatesSeen").get(v2)).isEqualTo(0L);
        assertThat(tree.has("nextEphemeral")).as("the input tree is left alone").isTrue();
    }

    @Test
    void mappingNamesTheFieldItCannotRename() {
        final ObjectNode tree = codec.mapper().createObjectNode().put("nextId", 1);
        assertThatThrownBy(() -> TcpV2Mapping.apply(tree)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'nextEphemeral'");
    }

    private static List<String> fieldNames(final Class<?> type) {
        return Arrays.stream(type.getFields()).map(Field::getName).toList();
    }
}
