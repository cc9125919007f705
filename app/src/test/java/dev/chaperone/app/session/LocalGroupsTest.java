package dev.chaperone.app.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On its embedded defaults the signed-in person is the OS user, and their groups are the OS's. */
class LocalGroupsTest {
    @Test
    void theUsersOwnGroupsByNameAsIdSaysThem() throws Exception {
        Process id = new ProcessBuilder("id", "-Gn").start();
        String expected = new String(id.getInputStream().readAllBytes()).strip();
        assertEquals(0, id.waitFor());
        assertEquals(java.util.Arrays.stream(expected.split("\\s+")).sorted().toList(), LocalGroups.ofThisUser());
    }

    @Test
    void theGroupFileIsReadLineByLineAndABadLineNamesNothing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("group");
        Files.writeString(file, "root:x:0:\nfinance:x:1001:alice,bob\nbroken line\nodd:x:notanumber:\n:x:7:\n");
        Map<Long, String> names = LocalGroups.groupNames(file);
        assertEquals(Map.of(0L, "root", 1001L, "finance"), names);
        assertTrue(names.values().stream().noneMatch(String::isBlank));
    }
}
