package dev.chaperone.browser.engine;

import java.util.Optional;

/**
 * IT's word on the engine (the managed file's {@code browser} section; a user's file cannot set it).
 *
 * @param allowUncontained  start Chromium without a sandbox where none can be had (kiosks, CI only); the
 *                          banner and the audit then say so in every session
 * @param maxEngineAgeDays  refuse an engine released longer ago than this (or of unknown age)
 * @param jitless           V8 without its JIT compilers ({@code --js-flags=--jitless}): less attack surface, slower scripts
 */
public record EngineSettings(boolean allowUncontained, Optional<Integer> maxEngineAgeDays, boolean jitless) {
    public static final EngineSettings DEFAULTS = new EngineSettings(false, Optional.empty(), false);
}
