package dev.newt.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The crafted campaign's report, written once per test run and shared by the test classes that
 * only read it (charts take most of a report's time); the directory is deleted when the run ends.
 * A test gets it as a parameter with {@code @ExtendWith(CraftedReport.Shared.class)}.
 */
final class CraftedReport implements AutoCloseable {
    final Path dir;
    final ReportFiles files;

    private CraftedReport() throws IOException {
        dir = Files.createTempDirectory("newt-crafted-report");
        CraftedCampaign.write(dir);
        files = Reports.write(dir);
    }

    /** Resolves parameters of type {@link CraftedReport}. */
    static final class Shared implements ParameterResolver {
        @Override
        public boolean supportsParameter(final ParameterContext p, final ExtensionContext context) {
            return p.getParameter().getType() == CraftedReport.class;
        }

        @Override
        public Object resolveParameter(final ParameterContext p, final ExtensionContext context) {
            return get(context);
        }
    }

    private static CraftedReport get(final ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(CraftedReport.class, k -> {
                try {
                    return new CraftedReport();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, CraftedReport.class);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
