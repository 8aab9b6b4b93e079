package dev.newt.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.EventKinds;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No event kind is spelled as a literal outside {@link EventKinds}: the module that writes a kind
 * and the one that reads it cannot drift apart. Main sources and image patches are searched.
 */
class EventKindsSpelledOnceTest {

    @Test
    void everyKindIsSpelledOnlyInEventKinds() throws IOException, IllegalAccessException {
        final List<String> kinds = new ArrayList<>();
        for (Field f : EventKinds.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                kinds.add((String) f.get(null));
            }
        }
        assertThat(kinds).as("kinds named by EventKinds").contains(EventKinds.FAULT_ACTIVATED);
        final Path root = DocumentedPackagesTest.repositoryRoot();
        final List<String> spelled = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(EventKindsSpelledOnceTest::isSearched).toList()) {
                final String text = Files.readString(f);
                for (String kind : kinds) {
                    if (text.contains('"' + kind + '"')) {
                        spelled.add(root.relativize(f) + ": \"" + kind + "\"");
                    }
                }
            }
        }
        assertThat(spelled).as("event kinds spelled outside EventKinds").isEmpty();
    }

    private static boolean isSearched(final Path f) {
        final String p = f.toString().replace('\\', '/');
        if (p.contains("/target/") || p.contains("/.git/") || p.endsWith("/EventKinds.java")) {
            return false;
        }
        return p.contains("/src/main/") && p.endsWith(".java") || p.contains("/src/images/") && p.endsWith(".patch");
    }
}
