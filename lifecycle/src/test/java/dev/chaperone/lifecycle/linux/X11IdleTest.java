package dev.chaperone.lifecycle.linux;

import dev.chaperone.lifecycle.SourceUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The X server's idle time on the test display (Xvfb), moved by xdotool as a person's mouse would. */
class X11IdleTest {
    @Test
    void idleTimeGrowsAndInputResetsIt() throws Exception {
        try (X11Idle idle = X11Idle.open(Optional.empty())) {
            Xdotool.run("mousemove", "10", "10");
            // The idle time grows with no input: read until it passes the mark (or give up after 5 s).
            Duration before = Duration.ZERO;
            long until = System.nanoTime() + 5_000_000_000L;
            while (before.compareTo(Duration.ofMillis(1000)) < 0 && System.nanoTime() < until) {
                Thread.sleep(50);
                before = idle.idleTime().orElseThrow();
            }
            assertTrue(before.compareTo(Duration.ofMillis(1000)) >= 0, "idle never grew without input: " + before);
            Xdotool.run("mousemove", "200", "150");
            Duration after = idle.idleTime().orElseThrow();
            assertTrue(after.compareTo(Duration.ofMillis(500)) < 0, "idle right after the mouse moved: " + after);
            Xdotool.run("key", "shift");
            assertTrue(idle.idleTime().orElseThrow().compareTo(Duration.ofMillis(500)) < 0);
        }
    }

    @Test
    void aDisplayThatIsNotThereIsSaid() {
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class, () -> X11Idle.open(Optional.of(":97")));
        assertEquals("the X display :97 cannot be opened", e.getMessage());
    }
}
