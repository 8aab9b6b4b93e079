package dev.newt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.campaign.spec.CampaignReader;
import dev.newt.serve.ControlApi;
import dev.newt.serve.LiveSystem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@code newt inject}, {@code newt update} and {@code newt rollback} send: the token, and arguments typed. */
@Timeout(120)
class ApiCallTest {
    private static final String CRASH = "{\"target\": \"b.udp\", \"fault\": \"crash\", \"trigger\": \"nth:3\"}";

    @Test
    void theTokenIsSentAndItsAbsenceExplained() throws Exception {
        final Path file = Path.of("src/test/resources/serve/small.yaml");
        try (LiveSystem system = LiveSystem.start(CampaignReader.read(file).campaign(), file.toString(),
            Files.readString(file, StandardCharsets.UTF_8), "simulated");
             ControlApi api = ControlApi.start(system, 0, "t0ken")) {
            final String url = "http://127.0.0.1:" + api.port();
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

            assertThat(ApiCall.post(url, "/api/faults", CRASH, null, o, e)).isEqualTo(NewtCli.USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs the token", "--token", "NEWT_TOKEN");
            assertThat(ApiCall.post(url, "/api/faults", CRASH, "wrong", o, e)).isEqualTo(NewtCli.USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("401", "wrong token");
            assertThat(ApiCall.post(url, "/api/faults", CRASH, "t0ken", o, e)).isEqualTo(NewtCli.OK);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"id\":\"f1\"");
        }
    }

    @Test
    void theTokenOptionWinsOverTheEnvironment() {
        assertThat(ApiCall.token("given")).isEqualTo("given");
        assertThat(ApiCall.token(null)).isEqualTo(System.getenv(ApiCall.TOKEN_ENV));
    }

    @Test
    void updateArgumentsAreNumbersAndBooleansWhenWrittenSo() {
        assertThat(UpdateCommand.argument("0")).isEqualTo(0);
        assertThat(UpdateCommand.argument("-2.5")).isEqualTo(-2.5);
        assertThat(UpdateCommand.argument("true")).isEqualTo(true);
        assertThat(UpdateCommand.argument("null")).isNull();
        assertThat(UpdateCommand.argument("fast")).isEqualTo("fast");
        assertThat(UpdateCommand.argument("0x10")).isEqualTo("0x10");
    }
}
