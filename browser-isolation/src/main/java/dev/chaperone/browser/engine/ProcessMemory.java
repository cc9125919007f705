package dev.chaperone.browser.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** What a tree of processes (the app and its Chromium) holds in memory, for the benchmarks. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Proportional set size of the given processes in KiB, summed: shared pages split between them. */
    public static long pssKib(Collection<Long> pids) {
        long kib = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        kib += Long.parseLong(line.replaceAll("\\D", ""));
                    }
                }
            } catch (IOException | NumberFormatException gone) {
                // The process ended between listing and reading, or its memory map is closed to us.
            }
        }
        return kib;
    }
}
