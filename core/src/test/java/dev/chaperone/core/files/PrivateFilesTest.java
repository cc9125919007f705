package dev.chaperone.core.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real files on this machine's file system, under the process's usual umask (022: what made 0755 and 0644 before). */
class PrivateFilesTest {
    @TempDir
    Path tmp;

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void foldersAndFilesAreCreatedOwnerOnlyParentsIncluded() throws Exception {
        Path file = PrivateFiles.newFile(tmp.resolve("data/chaperone/keys/assistant.jwk"));
        assertEquals("rw-------", mode(file));
        assertEquals("rwx------", mode(tmp.resolve("data/chaperone/keys")));
        assertEquals("rwx------", mode(tmp.resolve("data")));
        assertThrows(FileAlreadyExistsException.class, () -> PrivateFiles.newFile(file), "a second creator learns it lost");
        assertFalse(PrivateFiles.createWithText(file, "theirs"), "text is never written over a file another made");
    }

    @Test
    void aReplacedFileIsOwnerOnlyAndWholeAndLeavesNoTemporary() throws Exception {
        Path cursor = tmp.resolve("forward.cursor");
        Files.writeString(cursor, "1", java.nio.charset.StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(cursor, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.replace(cursor, "42");
        assertEquals("42", Files.readString(cursor));
        assertEquals("rw-------", mode(cursor));
        assertFalse(Files.exists(tmp.resolve("forward.cursor.tmp")));
    }

    @Test
    void looserFoldersAndFilesAreRepairedAndNamedButLinksAreNotFollowed() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("chaperone/sessions/abc"));
        Files.setPosixFilePermissions(tmp.resolve("chaperone"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path audit = Files.writeString(tmp.resolve("chaperone/audit.db"), "x");
        Files.setPosixFilePermissions(audit, PosixFilePermissions.fromString("rw-r--r--"));
        Path outside = Files.writeString(tmp.resolve("someone-elses.txt"), "y");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(data.resolve("link"), outside);

        List<PrivateFiles.Repair> repaired = PrivateFiles.secureTree(tmp.resolve("chaperone"));

        assertEquals("rwx------", mode(tmp.resolve("chaperone")));
        assertEquals("rwx------", mode(data));
        assertEquals("rw-------", mode(audit));
        assertEquals("rw-r--r--", mode(outside), "a link inside is not a way to change files outside");
        assertTrue(repaired.contains(new PrivateFiles.Repair(audit, "rw-r--r--")), repaired.toString());
        assertTrue(repaired.contains(new PrivateFiles.Repair(tmp.resolve("chaperone"), "rwxr-xr-x")), repaired.toString());
        assertEquals(List.of(), PrivateFiles.secureTree(tmp.resolve("chaperone")), "nothing left to repair the second time");
    }
}
