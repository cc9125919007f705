package dev.chaperone.app;

import dev.chaperone.audit.Retention;
import dev.chaperone.audit.export.AuditForwarder;
import dev.chaperone.audit.export.Destination;
import dev.chaperone.audit.export.ExportFormat;
import dev.chaperone.audit.export.HttpsDestination;
import dev.chaperone.audit.export.OcsfMapper;
import dev.chaperone.audit.export.SyslogDestination;
import dev.chaperone.config.AuditSettings;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns IT's audit settings into the store's retention and running forwarders. */
final class AuditForwarding {
    private AuditForwarding() {
    }

    static Retention retention(AuditSettings settings) {
        return new Retention(settings.retention(), settings.maxEvents());
    }

    /** Starts one forwarder per destination; each reads the file on its own and never blocks the gate. */
    static List<AuditForwarder> start(Path auditFile, AuditSettings settings, String productVersion)
            throws IOException, GeneralSecurityException {
        List<AuditForwarder> running = new ArrayList<>();
        for (AuditSettings.Forward forward : settings.forward()) {
            ExportFormat format = ExportFormat.valueOf(forward.format().name());
            running.add(new AuditForwarder(auditFile, destination(forward), format, new OcsfMapper(productVersion)).start());
        }
        return running;
    }

    private static Destination destination(AuditSettings.Forward forward) throws IOException, GeneralSecurityException {
        if (forward instanceof AuditSettings.Syslog syslog) {
            return new SyslogDestination(syslog.host(), syslog.port(),
                    syslog.tls() ? Optional.of(tls(syslog.caFile()).getSocketFactory()) : Optional.empty());
        }
        AuditSettings.Https https = (AuditSettings.Https) forward;
        Optional<String> bearer = https.tokenFile().isPresent()
                ? Optional.of(Files.readString(https.tokenFile().get()).trim()) : Optional.empty();
        return new HttpsDestination(https.url(), bearer, tls(https.caFile()));
    }

    /** The system's trust, or only the PEM certificates IT named (a private SIEM CA). */
    private static SSLContext tls(Optional<Path> caFile) throws IOException, GeneralSecurityException {
        if (caFile.isEmpty()) {
            return SSLContext.getDefault();
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile.get())) {
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
