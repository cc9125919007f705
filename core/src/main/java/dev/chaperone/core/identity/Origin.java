package dev.chaperone.core.identity;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** A web origin (scheme, host, port) as browsers compare them: the unit tokens are scoped to. */
public record Origin(String scheme, String host, int port) {
    public Origin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The origin of an http(s) URL; empty for anything else (file:, data:, about:, malformed). */
    public static Optional<Origin> of(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            if (port == -1) {
                port = switch (scheme) {
                    case "http" -> 80;
                    case "https" -> 443;
                    default -> -1;
                };
            }
            if (port == -1) {
                return Optional.empty();
            }
            return Optional.of(new Origin(scheme, uri.getHost(), port));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static Origin parse(String url) {
        return of(url).orElseThrow(() -> new IllegalArgumentException("not an http(s) origin: " + url));
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}
