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

    private ApiCall() {
    }

    /**
     * POSTs a JSON body and prints the answer: to {@code out} on success, else to {@code err}.
     *
     * @return {@link NewtCli#OK} on a 2xx, {@link NewtCli#USAGE} on a 4xx, else {@link NewtCli#UNEXPECTED}
     */
    static int post(final String base, final String path, final String json, final PrintStream out,
                    final PrintStream err) {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(LIMIT).build();
        final String url = base.replaceAll("/+$", "") + path;
        try {
            final HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(LIMIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
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
