package dev.newt.net.tap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.Optional;

/** Makes a TAP namespace, or skips the test with the reason none can be made here. */
final class TapFixture {
    private TapFixture() {
    }

    static TapNamespace namespace() throws IOException {
        final Optional<String> why = TapNamespace.unavailable();
        assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse("") + " (the TAP tests run as root in CI)");
        return TapNamespace.create();
    }

    /** Skips the test when a program it runs in the namespace is not installed. */
    static void requireTool(final String program) {
        assumeTrue(Command.find(program).isPresent(),
            () -> "skipped: '" + program + "' is not installed (.ci/run installs it as root)");
    }
}
