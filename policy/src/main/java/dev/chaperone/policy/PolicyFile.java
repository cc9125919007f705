package dev.chaperone.policy;

/**
 * Rules as written, and where from: {@code built in}, IT's managed file, or the user's file.
 *
 * @param source what the audit and error messages name
 * @param text the Cedar source
 */
public record PolicyFile(String source, String text) {
}
