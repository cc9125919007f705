package dev.chaperone.demo;

import com.sun.net.httpserver.HttpExchange;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every request a demo server received, in order. */
public final class RequestLog {
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    void record(HttpExchange exchange) {
        requests.add(new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Cookie"))));
    }

    public List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> to(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }
}
