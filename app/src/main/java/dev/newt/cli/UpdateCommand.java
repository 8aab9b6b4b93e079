package dev.newt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code newt update --url URL SERVER IMAGE}: starts a live update in a running {@code newt serve}. */
@Command(name = "update", mixinStandardHelpOptions = true,
    description = "Starts a live update of SERVER to the classes of IMAGE (a class directory or jar, a path the "
        + "serve can read) in a running newt serve; prints the update's id (follow it at /api/updates/ID).")
final class UpdateCommand implements Callable<Integer> {
    @Mixin
    ControlPlaneOptions api;

    @Option(names = "--class", paramLabel = "CLASS", description = "The new server class (default: the running one's name).")
    String serverClass;

    @Option(names = "--arg", paramLabel = "ARG", description = "An extra constructor argument (repeatable), read as "
        + "JSON when it is a number, true, false or null (--arg 0 is the int 0), else as a string.")
    List<String> args = List.of();

    @Parameters(index = "0", paramLabel = "SERVER", description = "The server, e.g. b.tcp.")
    String server;

    @Parameters(index = "1", paramLabel = "IMAGE", description = "The image path.")
    String image;

    /** @return a number, boolean or null written as JSON, else the text itself */
    static Object argument(final String text) {
        if (text.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|true|false|null")) {
            try {
                return new ObjectMapper().readValue(text, Object.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return text;
            }
        }
        return text;
    }

    @Override
    public Integer call() throws Exception {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("server", server);
        body.put("image", java.nio.file.Path.of(image).toAbsolutePath().toString());
        if (serverClass != null) {
            body.put("class", serverClass);
        }
        if (!args.isEmpty()) {
            body.put("args", args.stream().map(UpdateCommand::argument).toList());
        }
        return ApiCall.post(api.url, "/api/updates", new ObjectMapper().writeValueAsString(body), api.token(),
            System.out, System.err);
    }
}
