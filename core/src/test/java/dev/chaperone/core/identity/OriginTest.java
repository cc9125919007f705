package dev.chaperone.core.identity;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginTest {
    @Test
    void defaultPortsAndCaseAreNormalised() {
        assertEquals(Origin.parse("HTTPS://Example.com/a?b"), Origin.parse("https://example.com:443/"));
    }

    @Test
    void portsSeparateOrigins() {
        assertNotEquals(Origin.parse("http://127.0.0.1:8081/"), Origin.parse("http://127.0.0.1:8082/"));
    }

    @Test
    void userinfoTricksDoNotChangeTheHost() {
        assertEquals("evil.test", Origin.parse("http://127.0.0.1:8081@evil.test/").host());
    }

    @Test
    void nonWebSchemesHaveNoOrigin() {
        assertTrue(Origin.of("file:///etc/passwd").isEmpty());
        assertTrue(Origin.of("about:blank").isEmpty());
        assertTrue(Origin.of("not a url").isEmpty());
    }
}
