package dev.chaperone.core.concurrent;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for Chaperone's own background work (gate decisions, token renewal, the session
 * supervisor): named, so a thread dump says what each one is for, and daemon, so none of them
 * keeps the JVM alive after the app decided to exit.
 */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
