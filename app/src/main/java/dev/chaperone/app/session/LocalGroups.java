package dev.chaperone.app.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The operating system's groups of the user running Chaperone, by name. On its embedded defaults
 * the person signed in is that OS user, so these are the groups IT's policy rules see as
 * {@code human.groups}; with an organisation's broker they come from its sign-in instead.
 */
final class LocalGroups {
    private LocalGroups() {
    }

    static List<String> ofThisUser() {
        try {
            com.sun.security.auth.module.UnixSystem me = new com.sun.security.auth.module.UnixSystem();
            long[] ids = LongStream.concat(LongStream.of(me.getGid()), LongStream.of(me.getGroups())).distinct().toArray();
            Map<Long, String> names = groupNames(Path.of("/etc/group"));
            return LongStream.of(ids).mapToObj(names::get).filter(java.util.Objects::nonNull).sorted().toList();
        } catch (IOException | RuntimeException | LinkageError notUnix) {
            // Not a Unix system, or no group file to read: no groups, which a rule treats as none.
            return List.of();
        }
    }

    /** {@code name:password:gid:members} lines, as group(5) has them. */
    static Map<Long, String> groupNames(Path groupFile) throws IOException {
        Map<Long, String> names = new HashMap<>();
        for (String line : Files.readAllLines(groupFile)) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 3 && !fields[0].isBlank()) {
                try {
                    names.putIfAbsent(Long.parseLong(fields[2]), fields[0]);
                } catch (NumberFormatException skipped) {
                    // A malformed line names no group.
                }
            }
        }
        return names;
    }
}
