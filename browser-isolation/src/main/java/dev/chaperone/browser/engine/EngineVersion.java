package dev.chaperone.browser.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Chromium the app carries and when that build was released, so IT can see how old the
 * engine is and refuse one that is too old.
 *
 * <p>The version comes from JCEF's own {@code build_meta.json} (its release tag names CEF and
 * Chromium). The release date is not in any file JCEF ships, so {@code engine-release.properties}
 * beside this class states it for the version it was written for; when the bundled version is
 * another one (jcefmaven moved on and nobody updated the file), the date is unknown rather than
 * wrong, and a set age limit then refuses the engine.
 *
 * @param chromium  e.g. {@code 146.0.7680.179}
 * @param cef       e.g. {@code 146.0.10+g8219561}
 * @param releaseTag JCEF's whole release tag
 * @param released  the release date of this build, when known
 */
public record EngineVersion(String chromium, String cef, String releaseTag, Optional<LocalDate> released) {
    private static final Pattern TAG = Pattern.compile("jcef-[0-9a-f]+\\+cef-([^+]+\\+g[0-9a-f]+)\\+chromium-([0-9.]+)");

    /** The engine on this app's class path. */
    public static EngineVersion bundled() {
        try (InputStream meta = org.cef.CefApp.class.getResourceAsStream("/build_meta.json");
             InputStream dates = EngineVersion.class.getResourceAsStream("engine-release.properties")) {
            if (meta == null || dates == null) {
                return new EngineVersion("unknown", "unknown", "unknown", Optional.empty());
            }
            JsonNode json = new ObjectMapper().readTree(meta);
            Properties release = new Properties();
            release.load(dates);
            return of(json.path("release_tag").asText(""), release);
        } catch (IOException e) {
            throw new UncheckedIOException("JCEF's build_meta.json cannot be read", e);
        }
    }

    static EngineVersion of(String releaseTag, Properties release) {
        Matcher m = TAG.matcher(releaseTag);
        if (!m.matches()) {
            return new EngineVersion("unknown", "unknown", releaseTag, Optional.empty());
        }
        String chromium = m.group(2);
        Optional<LocalDate> released = chromium.equals(release.getProperty("chromium"))
                ? Optional.ofNullable(release.getProperty("released")).map(LocalDate::parse)
                : Optional.empty();
        return new EngineVersion(chromium, m.group(1), releaseTag, released);
    }

    /** Whole days since release, when the release date is known. */
    public Optional<Long> ageInDays(LocalDate today) {
        return released.map(d -> ChronoUnit.DAYS.between(d, today));
    }

    /** For people: "Chromium 146.0.7680.179, released 2026-05-05 (217 days ago)". */
    public String describe(LocalDate today) {
        return "Chromium " + chromium + released.map(d -> ", released " + d + " (" + ageInDays(today).orElseThrow()
                + " days ago)").orElse(", release date unknown");
    }
}
