package dev.chaperone.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * One configuration file exactly as written: every field optional, nothing checked yet. The
 * machine file (IT's) and the user file have the same shape; {@link ConfigLoader} checks each and
 * lets the user file only narrow the machine file.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record ConfigFile(Broker broker, SignIn signIn, List<Target> targets, Integer promptTimeoutSeconds, Integer idleTimeoutSeconds,
                  Audit audit, java.util.Map<String, String> dataSensitivity, Browser browser) {
    /** IT's word on the assistant's browser engine; a user's file cannot hold this section. */
    record Browser(Boolean allowUncontained, Integer maxEngineAgeDays, Boolean jitless) {
    }

    record Audit(Integer retentionDays, Long maxEvents, List<Forward> forward, Boolean removeAtUninstall) {
    }

    record Forward(String type, String host, Integer port, Boolean tls, String url, String caFile, String tokenFile,
                   String format) {
    }

    record Broker(String issuer, String assistantClientId, Key assistantKey, List<String> harmlessScopes, String dpop) {
    }

    /** Either a JWK file (as Chaperone generates) or a PKCS#12 file IT provisions. */
    record Key(String jwkFile, String pkcs12File, String alias, String passwordFile) {
    }

    record SignIn(String clientId, List<String> scopes, String method) {
    }

    record Target(String id, String title, List<String> origins, String audience, String resource,
                  List<String> readScopes, List<String> writeScopes, String sensitivity, Boolean startWithoutAsking) {
    }
}
