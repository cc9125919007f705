package dev.chaperone.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What IT sets for the audit: how long rows stay in the local file before they roll into signed
 * archives, and where they are forwarded (a SIEM over syslog or HTTPS).
 *
 * @param retention rows older than this are archived; empty keeps them regardless of age
 * @param maxEvents at most this many rows stay in the file (0: no limit)
 * @param removeAtUninstall removing the package deletes every user's audit log; false (the default) keeps them
 */
public record AuditSettings(Optional<Duration> retention, long maxEvents, List<Forward> forward, boolean removeAtUninstall) {
    public static final AuditSettings DEFAULTS = new AuditSettings(Optional.empty(), 0, List.of());

    public AuditSettings {
        forward = List.copyOf(forward);
    }

    public AuditSettings(Optional<Duration> retention, long maxEvents, List<Forward> forward) {
        this(retention, maxEvents, forward, false);
    }

    public enum Format { OCSF, JSONL }

    /** One destination: syslog (RFC 5424 over TCP, optionally TLS) or HTTPS (JSON lines in a POST). */
    public sealed interface Forward permits Syslog, Https {
        String name();

        Format format();
    }

    /** @param caFile PEM certificates to trust for TLS; empty trusts the system's */
    public record Syslog(String host, int port, boolean tls, Optional<Path> caFile, Format format) implements Forward {
        public String name() {
            return "syslog-" + host + "-" + port;
        }
    }

    /** @param tokenFile a file holding the bearer token the SIEM's collector wants, if any */
    public record Https(URI url, Optional<Path> tokenFile, Optional<Path> caFile, Format format) implements Forward {
        public String name() {
            return "https-" + url.getHost() + "-" + (url.getPort() < 0 ? 443 : url.getPort());
        }
    }
}
