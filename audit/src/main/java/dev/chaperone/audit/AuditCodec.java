package dev.chaperone.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaperone.core.audit.AuditAttribution;
import dev.chaperone.core.audit.AuditEvent;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns typed events into the JSON stored in a row and back. The stored type name picks the record
 * class, from the sealed list in core, so there is no second list of events to keep in step.
 */
public final class AuditCodec {
    static final ObjectMapper JSON = new ObjectMapper()
            // A newer Chaperone may add fields; an older reader still reads the rest.
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Map<String, Class<?>> TYPES = Arrays.stream(AuditEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(AuditEvent::typeOf, Function.identity()));

    private AuditCodec() {
    }

    public static String eventJson(AuditEvent event) {
        return write(event);
    }

    public static String whoJson(AuditAttribution who) {
        return write(who);
    }

    public static AuditEvent event(String type, String json) {
        Class<?> eventClass = TYPES.get(type);
        if (eventClass == null) {
            throw new AuditStoreException("Unknown audit event type " + type, null);
        }
        try {
            return (AuditEvent) JSON.readValue(json, eventClass);
        } catch (JsonProcessingException e) {
            throw new AuditStoreException("Unreadable " + type + " event: " + e.getOriginalMessage(), e);
        }
    }

    public static AuditAttribution who(String json) {
        try {
            return JSON.readValue(json, AuditAttribution.class);
        } catch (JsonProcessingException e) {
            throw new AuditStoreException("Unreadable attribution: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new AuditStoreException("Cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
