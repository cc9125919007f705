package dev.chaperone.demo;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Base64;

/**
 * A second origin (a "company status" widget the portal embeds). The task's token must never
 * reach it: tests read its request log to prove that.
 */
public final class StatusSite extends LoopbackSite {
    // A 1x1 green PNG.
    private static final byte[] BADGE = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private StatusSite(int port) throws IOException {
        super(port, "status-site");
    }

    public static StatusSite start(int port) throws IOException {
        return new StatusSite(port);
    }

    @Override
    void serve(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().equals("/badge.png")) {
            send(exchange, 200, "image/png", BADGE);
        } else {
            send(exchange, 200, "text/html; charset=utf-8",
                    "<!doctype html><title>Status</title><p id=status>All systems normal.</p>");
        }
    }
}
