package dev.chaperone.config;

import dev.chaperone.config.ConfigLoader.Parsed;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks the {@code audit} section of a file: retention and forwarding destinations. */
final class AuditSection {
    private AuditSection() {
    }

    static AuditSettings resolve(Parsed parsed, ConfigFile.Audit a) throws ConfigException {
        Optional<Duration> retention = Optional.empty();
        if (a.retentionDays() != null) {
            if (a.retentionDays() < 1) {
                throw parsed.problem("audit.retentionDays", "must be at least 1 day");
            }
            retention = Optional.of(Duration.ofDays(a.retentionDays()));
        }
        long maxEvents = 0;
        if (a.maxEvents() != null) {
            if (a.maxEvents() < 10_000) {
                throw parsed.problem("audit.maxEvents", "must be at least 10000 (or left out for no limit)");
            }
            maxEvents = a.maxEvents();
        }
        List<AuditSettings.Forward> forward = new ArrayList<>();
        if (a.forward() != null) {
            for (int i = 0; i < a.forward().size(); i++) {
                forward.add(destination(parsed, "audit.forward[" + i + "]", a.forward().get(i)));
            }
        }
        return new AuditSettings(retention, maxEvents, forward, Boolean.TRUE.equals(a.removeAtUninstall()));
    }

    private static AuditSettings.Forward destination(Parsed parsed, String at, ConfigFile.Forward f) throws ConfigException {
        AuditSettings.Format format = ConfigLoader.choice(parsed, at + ".format", f.format(), AuditSettings.Format.class,
                AuditSettings.Format.OCSF);
        Optional<Path> ca = Optional.ofNullable(f.caFile()).map(Path::of);
        if ("syslog".equals(f.type())) {
            if (f.host() == null || f.host().isBlank()) {
                throw parsed.problem(at + ".host", "is missing: the syslog receiver's host name");
            }
            boolean tls = Boolean.TRUE.equals(f.tls());
            int port = f.port() == null ? (tls ? 6514 : 514) : f.port();
            if (port < 1 || port > 65_535) {
                throw parsed.problem(at + ".port", "must be a TCP port (1 to 65535)");
            }
            return new AuditSettings.Syslog(f.host(), port, tls, ca, format);
        }
        if ("https".equals(f.type())) {
            if (f.url() == null) {
                throw parsed.problem(at + ".url", "is missing: the collector's https URL");
            }
            try {
                URI url = new URI(f.url());
                boolean loopback = "127.0.0.1".equals(url.getHost()) || "localhost".equals(url.getHost());
                if (!"https".equals(url.getScheme()) && !("http".equals(url.getScheme()) && loopback)) {
                    throw parsed.problem(at + ".url", "must be an https URL (http only on this machine's loopback)");
                }
                return new AuditSettings.Https(url, Optional.ofNullable(f.tokenFile()).map(Path::of), ca, format);
            } catch (URISyntaxException e) {
                throw parsed.problem(at + ".url", "is not a URL (" + e.getReason() + ")");
            }
        }
        throw parsed.problem(at + ".type", "must be \"syslog\" or \"https\"");
    }
}
