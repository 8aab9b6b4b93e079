package dev.newt.update.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.newt.core.image.ImageClassLoader;
import dev.newt.core.image.ServerImage;
import dev.newt.core.server.ReplyTo;
import dev.newt.core.store.StateCodec;
import dev.newt.core.store.StateCodecException;
import dev.newt.net.tcp.CongestionControl;
import dev.newt.net.tcp.Connection;
import dev.newt.net.tcp.NewReno;
import dev.newt.net.tcp.PendingSend;
import dev.newt.net.tcp.TcpConfig;
import dev.newt.net.tcp.TcpServer;
import dev.newt.net.tcp.TcpState;
import dev.newt.update.StateTransform;
import dev.newt.update.StateTransformException;
import dev.newt.update.TransformContext;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The tcp images the build makes: what they hold and what they share, and how v2 maps a v1 state. */
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
    void v1StateRestoresAsV2OnlyThroughTheShippedTransformAndKeepsEveryValue() throws Exception {
        final TcpServer.State v1 = v1StateWithAConnection();
        final byte[] json = codec.encode("a.tcp", v1);
        final ServerImage image = TcpImages.image(TcpImages.V2);
        final Class<?> v2Type = image.loadClass(TcpImages.STATE);

        assertThatThrownBy(() -> codec.decode("a.tcp", json, v2Type)).isInstanceOf(StateCodecException.class)
            .hasMessageContaining("a.tcp").hasMessageContaining("nextEphemeral");

        final ObjectNode tree = (ObjectNode) codec.mapper().readTree(json);
        final Object v2 = codec.decode("a.tcp", codec.mapper().writeValueAsBytes(
            shippedTransform(image).transform(context(v2Type), tree)), v2Type);
        assertThat(v2Type.getField("nextId").get(v2)).isEqualTo(8);
        assertThat(v2Type.getField("nextEphemeralPort").get(v2)).isEqualTo(50_000);
        assertThat(v2Type.getField("tuples").get(v2)).isEqualTo(new HashMap<>(v1.tuples));
        assertThat(v2Type.getField("counters").get(v2)).isEqualTo(v1.counters);
        assertThat(v2Type.getField("updatesSeen").get(v2)).isEqualTo(0L);
        assertThat(v2Type.getField("segmentsSinceUpdate").get(v2)).isEqualTo(0L);
        // The connection, its buffers and its waiting send come across byte for byte: the rest of
        // the schema did not change, so the v2 state written back reads as the v1 JSON did.
        final ObjectNode back = (ObjectNode) codec.mapper().readTree(codec.encode("a.tcp", v2));
        assertThat(back.get("connections")).isEqualTo(codec.mapper().readTree(json).get("connections"));
    }

    @Test
    void shippedTransformNamesTheFieldItCannotFill() {
        final ServerImage image = TcpImages.image(TcpImages.V2);
        final Class<?> v2Type = image.loadClass(TcpImages.STATE);
        final ObjectNode tree = (ObjectNode) codec.mapper().valueToTree(new TcpServer.State());
        tree.remove("nextEphemeral");
        assertThatThrownBy(() -> shippedTransform(image).transform(context(v2Type), tree))
            .isInstanceOf(StateTransformException.class).hasMessageContaining("a.tcp")
            .hasMessageContaining("nextEphemeralPort");
    }

    private TransformContext context(final Class<?> v2Type) {
        return new TransformContext("a.tcp", TcpServer.State.class, v2Type, codec.mapper());
    }

    private static StateTransform shippedTransform(final ServerImage image) throws Exception {
        final String name;
        try (var in = Files.newInputStream(TcpImages.directory(TcpImages.V2).resolve("META-INF/newt/state-transform"))) {
            name = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElseThrow();
        }
        return (StateTransform) image.loadClass(name).getConstructor().newInstance();
    }

    /** A v1 state with one established connection holding data in every buffer and a waiting send. */
    private static TcpServer.State v1StateWithAConnection() {
        final TcpServer.State s = new TcpServer.State();
        s.nextId = 8;
        s.nextEphemeral = 50_000;
        final Connection c = new Connection();
        c.id = 7;
        c.state = TcpState.ESTABLISHED;
        c.localPort = 49_999;
        c.remoteAddress = 0x0A00_0002;
        c.remotePort = 5001;
        c.snd.cc = new NewReno(1460);
        c.snd.buffer.append(new byte[] {1, 2, 3}, 0, 3);
        c.rcv.buffer.append(new byte[] {4, 5}, 0, 2);
        c.rcv.outOfOrder.ranges.put(100L, new byte[] {6, 7, 8});
        c.sends.add(new PendingSend(new ReplyTo("a.sock", 12), new byte[] {9, 10}, 1));
        c.retransmit.deadline = 123_456_789L;
        s.connections.put(c.id, c);
        s.tuples.put(42L, c.id);
        s.counters.put("segments.in", 99L);
        return s;
    }

    private static List<String> fieldNames(final Class<?> type) {
        return Arrays.stream(type.getFields()).map(Field::getName).toList();
    }
}
