package dev.chaperone.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileWiperTest {
    @TempDir
    Path dir;

    @Test
    void wipesEverythingAndCountsIt() throws Exception {
        Path session = dir.resolve("sessions/s1");
        Files.createDirectories(session.resolve("chromium/Default"));
        Files.writeString(session.resolve("chromium/Default/Cookies"), "secret");
        Files.writeString(session.resolve("marker"), "x");
        ProfileWiper.WipeResult result = ProfileWiper.wipe(session);
        assertEquals(2, result.files());
        assertEquals(7, result.bytes());
        assertFalse(Files.exists(session));
    }

    @Test
    void aLinkInsideTheProfileIsRemovedNotFollowed() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("home/Documents"));
        Files.writeString(outside.resolve("thesis.txt"), "keep me");
        Path session = Files.createDirectories(dir.resolve("sessions/s1"));
        Files.createSymbolicLink(session.resolve("docs"), outside);
        ProfileWiper.wipe(session);
        assertFalse(Files.exists(session));
        assertEquals("keep me", Files.readString(outside.resolve("thesis.txt")));
    }

    @Test
    void afterACrashEveryOtherSessionsLeftoversGo() throws Exception {
        Path sessions = dir.resolve("sessions");
        Files.createDirectories(sessions.resolve("crashed-1/chromium"));
        Files.createDirectories(sessions.resolve("crashed-2"));
        Path current = Files.createDirectories(sessions.resolve("current"));
        List<ProfileWiper.WipeResult> wiped = ProfileWiper.sweepLeftovers(sessions, current);
        assertEquals(2, wiped.size());
        assertTrue(Files.exists(current));
        assertFalse(Files.exists(sessions.resolve("crashed-1")));
    }
}
