package dev.chaperone.audit;

import java.nio.file.Path;

/**
 * Run in its own JVM by {@link SqliteAuditLogTest}: appends as fast as it can and prints the
 * sequence number of every entry the store reports as committed, until it is killed.
 */
public final class AuditWriterChild {
    public static void main(String[] args) {
        SqliteAuditLog log = SqliteAuditLog.open(Path.of(args[0]), new SqliteAuditLog.Settings(1000, Retention.KEEP_ALL));
        for (int i = 0; ; i++) {
            log.append(AuditFixtures.navigation(i)).thenAccept(seq -> {
                synchronized (System.out) {
                    System.out.println(seq);
                    System.out.flush();
                }
            });
        }
    }
}
