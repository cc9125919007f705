package dev.chaperone.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each field of a JSON text starts, so a value that parses but is wrong (an http issuer, an
 * unknown DPoP mode) is reported at its line like a syntax error is.
 */
final class FieldLines {
    private final Map<String, Integer> lines;

    private FieldLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** @throws JsonProcessingException the text is not JSON; its location is where the syntax breaks */
    static FieldLines of(String json) throws com.fasterxml.jackson.core.JsonProcessingException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || parser.getParsingContext().inArray()) {
                    lines.putIfAbsent(name(parser.getParsingContext().pathAsPointer()),
                            parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException syntaxError) {
            throw syntaxError;
        } catch (IOException impossible) {
            // Reading from a String does no I/O.
            throw new IllegalStateException(impossible);
        }
        return new FieldLines(lines);
    }

    /** 0 when the field is not in the file. */
    int lineOf(String field) {
        return lines.getOrDefault(field, 0);
    }

    /** {@code /targets/0/audience} becomes {@code targets[0].audience}. */
    static String name(JsonPointer pointer) {
        StringBuilder out = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (p.mayMatchElement()) {
                out.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(p.getMatchingProperty());
            }
        }
        return out.toString();
    }
}
