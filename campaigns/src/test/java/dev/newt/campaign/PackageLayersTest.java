package dev.newt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages form layers without cycles: each may use only the packages below it, so
 * that, for example, the outcome rules never reach back into the runner that feeds them.
 */
class PackageLayersTest {
    /** From the bottom up: each package may import only those before it. */
    private static final List<String> LAYERS = List.of("yaml", "validate", "spec", "system", "invariant", "outcome", "run", "shrink", "junit");
    private static final Path SOURCES = Path.of("src/main/java/dev/newt/campaign");
    private static final Pattern USE = Pattern.compile("\\bdev\\.newt\\.campaign\\.(\\w+)\\.");

    @Test
    void everyPackageIsALayer() throws IOException {
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
                .containsExactlyInAnyOrderElementsOf(LAYERS);
        }
    }

    @Test
    void noPackageUsesOneAboveIt() throws IOException {
        final List<String> upward = new ArrayList<>();
        for (String pkg : LAYERS) {
            try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    final Matcher m = USE.matcher(Files.readString(f));
                    while (m.find()) {
                        if (LAYERS.indexOf(m.group(1)) > LAYERS.indexOf(pkg)) {
                            upward.add(f.getFileName() + " (" + pkg + ") uses " + m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(upward).isEmpty();
    }
}
