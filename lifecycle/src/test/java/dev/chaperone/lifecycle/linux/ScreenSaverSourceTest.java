package dev.chaperone.lifecycle.linux;

import dev.chaperone.core.session.EndReason;
import dev.chaperone.lifecycle.Leaving;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Both screen saver interfaces on a real, private session bus. */
class ScreenSaverSourceTest {
    PrivateDBus bus;
    LogindSignals desktop;
    ScreenSaverSource source;
    final LinkedBlockingQueue<Leaving> left = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        bus = PrivateDBus.start();
        desktop = LogindSignals.on(bus.address());
        source = new ScreenSaverSource(Optional.of(bus.address()));
        source.start(left::add);
    }

    @AfterEach
    void stop() {
        source.close();
        desktop.close();
        bus.close();
    }

    @Test
    void freedesktopAndGnomeScreenSaversStartingMeanLeaving() throws Exception {
        desktop.send(LogindSignals.Kind.FREEDESKTOP_SCREEN_SAVER, "3");
        Leaving first = left.poll(5, TimeUnit.SECONDS);
        assertNotNull(first);
        assertEquals(EndReason.SCREEN_SAVER, first.reason());
        assertEquals("org.freedesktop.ScreenSaver", first.source());
        desktop.send(LogindSignals.Kind.GNOME_SCREEN_SAVER, "3");
        Leaving second = left.poll(5, TimeUnit.SECONDS);
        assertNotNull(second);
        assertEquals("org.gnome.ScreenSaver", second.source());
    }

    @Test
    void theScreenSaverStoppingIsNotLeaving() throws Exception {
        desktop.send(new ScreenSavers.Freedesktop.ActiveChanged("/org/freedesktop/ScreenSaver", false));
        desktop.send(new ScreenSavers.Gnome.ActiveChanged("/org/gnome/ScreenSaver", false));
        desktop.send(LogindSignals.Kind.GNOME_SCREEN_SAVER, "3");
        assertNotNull(left.poll(5, TimeUnit.SECONDS));
        assertNull(left.poll(200, TimeUnit.MILLISECONDS), "ActiveChanged(false) was taken as leaving");
    }
}
