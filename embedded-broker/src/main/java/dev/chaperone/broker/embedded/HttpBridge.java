package dev.chaperone.broker.embedded;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Turns the JDK server's exchanges into Nimbus HTTP messages and back, so handlers only see typed messages. */
final class HttpBridge {
    private static final int MAX_BODY = 64 * 1024;

    private HttpBridge() {
    }

    static HTTPRequest toNimbus(HttpExchange exchange, URI base) throws IOException, ParseException {
        HTTPRequest.Method method = HTTPRequest.Method.valueOf(exchange.getRequestMethod());
        HTTPRequest request = new HTTPRequest(method, base.resolve(exchange.getRequestURI().toString()));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                request.setContentType(header.getValue().get(0));
            } else {
                request.setHeader(header.getKey(), header.getValue().toArray(String[]::new));
            }
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new ParseException("Request body too large");
        }
        if (body.length > 0) {
            request.setBody(new String(body, StandardCharsets.UTF_8));
        }
        return request;
    }

    static void send(HttpExchange exchange, HTTPResponse response) throws IOException {
        for (Map.Entry<String, List<String>> header : response.getHeaderMap().entrySet()) {
            exchange.getResponseHeaders().put(header.getKey(), header.getValue());
        }
        byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
