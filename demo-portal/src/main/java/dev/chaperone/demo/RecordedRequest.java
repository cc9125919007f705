package dev.chaperone.demo;

import java.util.Optional;

/** What a demo server saw of one request: enough for tests to check what the browser sent. */
public record RecordedRequest(String method, String path, Optional<String> authorization, Optional<String> cookie) {
}
