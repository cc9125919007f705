package dev.chaperone.audit.export;

import dev.chaperone.core.audit.RecordedEntry;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** JSON lines in one POST per batch; a 2xx answer means the collector took them. */
public final class HttpsDestination implements Destination {
    private final URI url;
    private final Optional<String> bearer;
    private final HttpClient http;

    public HttpsDestination(URI url, Optional<String> bearer, SSLContext tls) {
        this.url = url;
        this.bearer = bearer;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return "https-" + url.getHost() + "-" + (url.getPort() < 0 ? 443 : url.getPort());
    }

    @Override
    public void send(List<RecordedEntry> batch, List<String> lines) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines) + "\n"));
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IOException(url + " answered " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to " + url, e);
        }
    }

    @Override
    public boolean confirms(long sentAtNanos) {
        return true;
    }

    @Override
    public void close() {
        // HttpClient has nothing to release on Java 17.
    }
}
