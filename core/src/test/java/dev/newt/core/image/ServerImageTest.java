package dev.newt.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.newt.core.image.sample.Tally;
import dev.newt.core.server.Server;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An image loads its own classes child-first, shares everything else with the parent, and weaves on define. */
class ServerImageTest {
    private static final String TALLY = "dev.newt.core.image.sample.Tally";

    private static ServerImage image() {
        return ServerImage.of("tally", Tally.class);
    }

    @Test
    void imageClassesAreLoadedChildFirstWhileCoreAndMessageTypesComeFromTheParent() {
        final ServerImage image = image();
        final Class<?> tally = image.loadClass(TALLY);
        assertThat(tally).isNotSameAs(Tally.class);
        assertThat(tally.getName()).isEqualTo(Tally.class.getName());
        assertThat(tally.getClassLoader()).isSameAs(image.loader()).isInstanceOf(ImageClassLoader.class);
        assertThat(image.loadClass(TALLY + "$State").getClassLoader()).isSameAs(image.loader());
        assertThat(image.loadClass(SampleConfig.class.getName())).isSameAs(SampleConfig.class);
        assertThat(image.loadClass(Server.class.getName())).isSameAs(Server.class);
        assertThat(Server.class.isAssignableFrom(tally)).isTrue();
    }

    @Test
    void everyImageInstanceHasItsOwnLoaderAndSoItsOwnClasses() {
        final ServerImage a = image();
        final ServerImage b = image();
        assertThat(a.loadClass(TALLY)).isSameAs(a.loadClass(TALLY));
        assertThat(a.loadClass(TALLY)).isNotSameAs(b.loadClass(TALLY));
        assertThat(a.withTransformer(ClassTransformer.NONE).loadClass(TALLY)).isNotSameAs(a.loadClass(TALLY));
    }

    @Test
    void theTransformerSeesEachImageClassOnceWhenItIsDefinedAndNothingElse() {
        final List<String> seen = new ArrayList<>();
        final ServerImage image = image().withTransformer((name, bytes) -> {
            seen.add(name);
            return bytes;
        });
        image.loadClass(TALLY);
        image.loadClass(TALLY);
        image.loadClass(TALLY + "$State");
        image.loadClass(SampleConfig.class.getName());
        assertThat(seen).containsExactly(TALLY, TALLY + "$State");
    }

    @Test
    void transformersChainInTheOrderTheyWereAdded() {
        final List<String> order = new ArrayList<>();
        final ServerImage image = image()
            .withTransformer((n, b) -> { order.add("first"); return b; })
            .withTransformer((n, b) -> { order.add("second"); return b; });
        image.loadClass(TALLY);
        assertThat(order).containsExactly("first", "second");
    }

    @Test
    void aFailingTransformerIsReportedWithTheImageAndTheClass() {
        final ServerImage image = image().withTransformer((n, b) -> {
            throw new IllegalStateException("boom");
        });
        assertThatThrownBy(() -> image.loadClass(TALLY))
            .isInstanceOf(ImageException.class)
            .hasMessageContaining("image 'tally'")
            .hasMessageContaining("transforming class " + TALLY)
            .hasMessageContaining("boom");
    }

    @Test
    void classNamesListsTheImagesClassesFromItsClassPath() {
        assertThat(image().classNames()).containsExactly(TALLY, TALLY + "$State");
        assertThat(image().classBytes(TALLY)).startsWith((byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE);
        assertThat(image().classBytes(SampleConfig.class.getName())).isNull();
    }

    @Test
    void aMissingClassIsReportedWithTheImageAndTheClass() {
        assertThatThrownBy(() -> image().loadClass("dev.newt.core.image.sample.Nope"))
            .isInstanceOf(ImageException.class)
            .hasMessageContaining("image 'tally'")
            .hasMessageContaining("dev.newt.core.image.sample.Nope");
    }

    @Test
    void badImagesAreRejectedByName() {
        assertThatThrownBy(() -> ServerImage.builder("x").classPath(ServerImage.locationOf(Tally.class))
            .include("dev.newt.core.").build())
            .hasMessage("image 'x': include 'dev.newt.core.' covers JDK or core classes, which the parent loader must provide");
        assertThatThrownBy(() -> ServerImage.builder("x").include("a.b.").build())
            .hasMessage("image 'x': no class path");
        assertThatThrownBy(() -> ServerImage.builder("x").classPath(ServerImage.locationOf(Tally.class)).build())
            .hasMessage("image 'x': includes no package or class");
    }

    @Test
    void anImageOfOneClassIncludesItsNestedClassesOnly() {
        final ServerImage image = ServerImage.builder("one").classPath(ServerImage.locationOf(Tally.class))
            .include(TALLY).build();
        assertThat(image.contains(TALLY)).isTrue();
        assertThat(image.contains(TALLY + "$State")).isTrue();
        assertThat(image.contains(TALLY + "er")).isFalse();
        assertThat(image.classNames()).containsExactly(TALLY, TALLY + "$State");
    }
}
