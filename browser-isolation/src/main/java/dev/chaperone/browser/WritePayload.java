package dev.chaperone.browser;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a held write would send, in words a person can judge: the form's fields, or the start of
 * a JSON or text body, or its size and type; and the SHA-256 of the exact bytes, so the audit
 * binds the approval to this payload and no other.
 */
record WritePayload(String summary, int bytes, String sha256) {
    private static final int MAX_SUMMARY = 300;
    private static final int MAX_VALUE = 60;

    /** From a paused request of the DevTools protocol ({@code postData} or {@code postDataEntries}). */
    static WritePayload of(JsonNode request) {
        byte[] body = body(request);
        String type = header(request.path("headers"), "Content-Type").toLowerCase(Locale.ROOT);
        return new WritePayload(summarise(body, type), body.length, sha256(body));
    }

    String describe() {
        return bytes == 0 ? "no data" : summary + " (" + bytes + " bytes, sha256 " + sha256.substring(0, 16) + ")";
    }

    private static byte[] body(JsonNode request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (request.path("postDataEntries").isArray() && !request.path("postDataEntries").isEmpty()) {
            for (JsonNode entry : request.path("postDataEntries")) {
                out.writeBytes(Base64.getDecoder().decode(entry.path("bytes").asText("")));
            }
        } else if (request.hasNonNull("postData")) {
            out.writeBytes(request.path("postData").asText().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String header(JsonNode headers, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue().asText();
            }
        }
        return "";
    }

    private static String summarise(byte[] body, String type) {
        if (body.length == 0) {
            return "";
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (type.startsWith("application/x-www-form-urlencoded")) {
            List<String> fields = new ArrayList<>();
            for (String pair : text.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                fields.add(name + "=\"" + clip(value, MAX_VALUE) + "\"");
            }
            return "form fields " + clip(String.join(", ", fields), MAX_SUMMARY);
        }
        if (type.contains("json") || type.startsWith("text/") || type.isEmpty() && printable(text)) {
            return "\"" + clip(text.replaceAll("\\s+", " "), MAX_SUMMARY) + "\"";
        }
        return type.isEmpty() ? "binary data" : type.split(";")[0].trim() + " data";
    }

    private static boolean printable(String text) {
        return text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t');
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
