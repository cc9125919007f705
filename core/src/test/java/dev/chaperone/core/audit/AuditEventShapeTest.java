package dev.chaperone.core.audit;

import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an event may hold, checked on every event type: plain text, numbers, flags, enums, lists of
 * text, and the audit's own fact records. A token, a credential or any other domain object cannot
 * end up in the audit file by being put into an event.
 */
class AuditEventShapeTest {
    @Test
    void everyEventHoldsOnlyPlainValuesAndAuditFacts() {
        for (Class<?> event : AuditEvent.class.getPermittedSubclasses()) {
            assertTrue(event.isRecord(), event + " is a record");
            check(event, new HashSet<>());
        }
    }

    @Test
    void typeNamesAreUpperSnakeCaseAndUnique() {
        Set<String> names = new HashSet<>();
        for (Class<?> event : AuditEvent.class.getPermittedSubclasses()) {
            String name = AuditEvent.typeOf(event);
            assertTrue(name.matches("[A-Z]+(_[A-Z]+)*"), name);
            assertTrue(names.add(name), "two events are called " + name);
        }
        assertEquals("DENIED_REQUESTS_AGGREGATED", AuditEvent.typeOf(AuditEvent.DeniedRequestsAggregated.class));
    }

    private static void check(Class<?> record, Set<Class<?>> seen) {
        if (!seen.add(record)) {
            return;
        }
        for (RecordComponent component : record.getRecordComponents()) {
            Class<?> type = component.getType();
            String where = record.getSimpleName() + "." + component.getName();
            if (type == java.util.List.class) {
                Type element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
                assertEquals(String.class, element, where + " is a list of text");
            } else if (type.isRecord()) {
                assertEquals(AuditEvent.class.getPackage(), type.getPackage(), where + " is one of the audit's own facts");
                check(type, seen);
            } else {
                assertTrue(type.isPrimitive() || type == String.class || type.isEnum(), where + " is " + type);
            }
        }
    }
}
