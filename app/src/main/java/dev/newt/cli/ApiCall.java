package dev.newt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One call to a running {@code newt serve}'s control API, for {@code newt inject} and {@code newt update}. */
final class ApiCall {
    private static final Duration LIMIT = Duration.ofSeconds(15);
    /** The environment variable {@code newt inject} and {@code newt update} read the token from. */
    static final String TOKEN_ENV = "NEWT_TOKEN";

    private ApiCall() {
    }

    /** @param option the --token option's value, or null @return it, else the environment's, else null */
    static String token(final String option) {
        return option != null ? option : System.getenv(TOKEN_ENV);
    }

    /**
     * POSTs a JSON body with the token and prints the answer: to {@code out} on success, else to {@code err}.
     *
     * @param token the token the serve printed at start ({@code --token} or {@link #TOKEN_ENV})
     * @return {@link NewtCli#OK} on a 2xx, {@link NewtCli#USAGE} on a 4xx, else {@link NewtCli#UNEXPECTED}
     */
    static int post(final String base, final String path, final String json, final String token,
                    final PrintStream out, final PrintStream err) {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(LIMIT).build();
        final String url = base.replaceAll("/+$", "") + path;
        try {
            final HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(LIMIT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + (token == null ? "" : token))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 401 && (token == null || token.isBlank())) {
                err.println("newt: " + url + " needs the token the serve printed at start: --token TOKEN or "
                    + TOKEN_ENV + "=TOKEN");
                return NewtCli.USAGE;
            }
            if (r.statusCode() / 100 == 2) {
                out.println(r.body());
                return NewtCli.OK;
            }
            err.println("newt: " + url + " answered " + r.statusCode() + ": " + r.body());
            return r.statusCode() / 100 == 4 ? NewtCli.USAGE : NewtCli.UNEXPECTED;
        } catch (IOException | IllegalArgumentException e) {
            err.println("newt: cannot reach " + url + ": " + e.getMessage());
            return NewtCli.UNEXPECTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NewtCli.UNEXPECTED;
        }
    }
}
