package dev.newt.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of the main sources is named in a package table of docs/ARCHITECTURE.md (the first
 * cell of a table row), by its full name or by a tail of it (`runtime` for dev.newt.core.runtime,
 * `net.tcp` for dev.newt.net.tcp): a newcomer finds every home in the map.
 */
class DocumentedPackagesTest {
    private static final Pattern FIRST_CELL = Pattern.compile("^\\|([^|]*)\\|");
    private static final Pattern CODE = Pattern.compile("`([a-z0-9_.]+)`");

    @Test
    void everyMainPackageIsNamedInArchitectureDoc() throws IOException {
        final Path root = repositoryRoot();
        final Set<String> named = tableNames(root.resolve("docs/ARCHITECTURE.md"));
        final List<String> missing = new ArrayList<>();
        for (String pkg : mainPackages(root)) {
            if (!isNamed(pkg, named)) {
                missing.add(pkg);
            }
        }
        assertThat(missing).as("packages docs/ARCHITECTURE.md does not name in a package table").isEmpty();
    }

    private static boolean isNamed(final String pkg, final Set<String> named) {
        final String[] parts = pkg.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            if (named.contains(String.join(".", List.of(parts).subList(i, parts.length)))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> tableNames(final Path doc) throws IOException {
        final Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(doc)) {
            final Matcher cell = FIRST_CELL.matcher(line);
            if (cell.find()) {
                final Matcher code = CODE.matcher(cell.group(1));
                while (code.find()) {
                    names.add(code.group(1));
                }
            }
        }
        return names;
    }

    private static Set<String> mainPackages(final Path root) throws IOException {
        final Set<String> packages = new TreeSet<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.toList()) {
                final Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(sources)) {
                    files.filter(f -> f.toString().endsWith(".java"))
                        .map(f -> sources.relativize(f.getParent()).toString().replace('/', '.'))
                        .forEach(packages::add);
                }
            }
        }
        assertThat(packages).as("main packages found under " + root).isNotEmpty();
        return packages;
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/ARCHITECTURE.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a directory above the working directory holding docs/ARCHITECTURE.md").isNotNull();
        return dir;
    }
}
