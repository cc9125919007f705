package dev.chaperone.browser;

import dev.chaperone.core.browser.BrowserActionException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A file an assistant named for {@code browser_file_upload}: an existing, readable, ordinary file,
 * given by its full path. Its real path and size go into the gate's question and the audit.
 */
record LocalFile(Path path, long size) {
    static LocalFile of(String name) {
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw new BrowserActionException("\"" + name + "\" is not a file path.");
        }
        if (!path.isAbsolute()) {
            throw new BrowserActionException("Give the full path of each file, not \"" + name + "\".");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new BrowserActionException("There is no readable file at " + name + ".");
        }
        try {
            return new LocalFile(path.toRealPath(), Files.size(path));
        } catch (IOException e) {
            throw new BrowserActionException("The file " + name + " cannot be read: " + e.getMessage());
        }
    }

    String describe() {
        return path + " (" + size + " bytes)";
    }
}
