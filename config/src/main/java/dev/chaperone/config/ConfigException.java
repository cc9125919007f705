package dev.chaperone.config;

import java.nio.file.Path;

/** A configuration file Chaperone will not run with: which file, line and field, and why. */
public final class ConfigException extends Exception {
    private final Path file;
    private final int line;
    private final String field;

    public ConfigException(Path file, int line, String field, String problem) {
        super(file + (line > 0 ? " line " + line : "") + (field == null || field.isEmpty() ? "" : ", " + field) + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public Path file() {
        return file;
    }

    /** 1-based; 0 when the problem is not at one place (a missing field). */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
