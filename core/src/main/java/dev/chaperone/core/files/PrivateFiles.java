package dev.chaperone.core.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Chaperone's files are the person's alone: the audit names sites, people and tasks; the session
 * folders hold a browser profile and a token journal; the keys sign. Every folder is created
 * {@code 0700} (as the XDG base directory spec asks of the data home) and every file {@code 0600},
 * at creation, so none is ever briefly readable by another local user. Files left looser (by an
 * older version or a hand copy) are repaired at start, and the caller says so.
 *
 * <p>On a file system without POSIX permissions (Windows) these are plain creations: there the
 * user's profile folder's access list already keeps other users out.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** A path whose permissions were tightened, and what they had been. */
    public record Repair(Path path, String was) {
        @Override
        public String toString() {
            return path + " (was " + was + ")";
        }
    }

    /**
     * Creates the folder and its missing parents, each owner-only. Folders that already exist keep
     * their permissions (the user's home is not ours to change).
     */
    public static Path directory(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return absolute;
        }
        Path parent = absolute.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            directory(parent);
        }
        try {
            Files.createDirectory(absolute, ownerOnly(OWNER_DIRECTORY));
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(absolute)) {
                throw raced;
            }
        }
        return absolute;
    }

    /**
     * Creates an empty owner-only file (and its folder). Throws {@link FileAlreadyExistsException}
     * if it exists, so that two starts racing to create a secret learn which one won.
     */
    public static Path newFile(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        directory(absolute.getParent());
        return Files.createFile(absolute, ownerOnly(OWNER_FILE));
    }

    /** An owner-only file with this text, created if missing: nothing is written if another created it first. */
    public static boolean createWithText(Path file, String text) throws IOException {
        try {
            newFile(file);
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
        Files.writeString(file, text);
        return true;
    }

    /**
     * Replaces the file's content all at once: an owner-only temporary beside it, synced, then
     * renamed over it. After a power cut the file holds the old text or the new, never a part.
     */
    public static void replace(Path file, String text) throws IOException {
        Path tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        newFile(tmp);
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Whether anyone but the owner may read, write or enter it. */
    public static boolean othersMayUse(Path path) throws IOException {
        if (!POSIX) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        return perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
    }

    /**
     * Tightens the folder and everything in it to owner-only (links are left alone, never followed)
     * and returns what it changed. The folder itself is created owner-only if missing.
     */
    public static List<Repair> secureTree(Path dir) throws IOException {
        return secureTree(dir, path -> false);
    }

    /** The same, leaving alone what {@code refusedElsewhere} names: a secret that was exposed is refused, not quietly fixed. */
    public static List<Repair> secureTree(Path dir, java.util.function.Predicate<Path> refusedElsewhere) throws IOException {
        Path root = directory(dir);
        List<Repair> repaired = new ArrayList<>();
        if (!POSIX) {
            return repaired;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(path) || !othersMayUse(path) || refusedElsewhere.test(path)) {
                    continue;
                }
                boolean folder = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> before = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                Files.setPosixFilePermissions(path, folder ? OWNER_DIRECTORY : OWNER_FILE);
                repaired.add(new Repair(path, PosixFilePermissions.toString(before)));
            }
        }
        return repaired;
    }

    private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> perms) {
        return POSIX ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(perms)} : new FileAttribute<?>[0];
    }
}
