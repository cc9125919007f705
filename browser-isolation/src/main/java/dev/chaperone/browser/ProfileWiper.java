package dev.chaperone.browser;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deletes a session's files: the Chromium profile and anything else under the session directory.
 * At start-up it also removes what a crashed session left behind.
 */
public final class ProfileWiper {
    private ProfileWiper() {
    }

    /** What a wipe removed. */
    public record WipeResult(Path dir, long files, long bytes) {
    }

    /** Deletes {@code dir} and everything in it; links are removed, never followed. */
    public static WipeResult wipe(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new WipeResult(dir, 0, 0);
        }
        long[] counts = new long[2];
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                counts[0]++;
                counts[1] += attrs.size();
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("Could not remove " + dir);
        }
        return new WipeResult(dir, counts[0], counts[1]);
    }

    /**
     * Wipes every session directory under {@code sessionsRoot} except {@code keep}: after a crash
     * these are sessions that never got to end.
     */
    public static List<WipeResult> sweepLeftovers(Path sessionsRoot, Path keep) throws IOException {
        List<WipeResult> wiped = new ArrayList<>();
        if (!Files.isDirectory(sessionsRoot)) {
            return wiped;
        }
        try (Stream<Path> dirs = Files.list(sessionsRoot)) {
            for (Path dir : dirs.toList()) {
                if (!dir.equals(keep)) {
                    wiped.add(wipe(dir));
                }
            }
        }
        return wiped;
    }
}
