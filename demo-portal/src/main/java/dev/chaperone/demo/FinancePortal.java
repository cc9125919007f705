package dev.chaperone.demo;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * The demo intranet "finance portal": a list of invoices with Export CSV, Delete and Share. Every
 * page needs a valid bearer token from the broker; it shows who the request is from, human and
 * assistant, from the token's claims.
 */
public final class FinancePortal extends LoopbackSite {
    public static final String EXPORT_SCOPE = "invoices:export";
    public static final String READ_SCOPE = "invoices:read";
    /** Changing an invoice (marking it paid): a scope only the token of one approved write carries. */
    public static final String WRITE_SCOPE = "invoices:write";

    record Invoice(String number, String customer, String amount) {
    }

    private static final List<Invoice> INVOICES = List.of(
            new Invoice("INV-1001", "Northwind Traders", "1,200.00"),
            new Invoice("INV-1002", "Contoso Ltd", "845.50"),
            new Invoice("INV-1003", "Fabrikam Inc", "12,030.00"));

    private final BearerTokenVerifier verifier;
    private final URI statusSite;

    private final String audience;

    private FinancePortal(int port, URI issuer, URI jwks, URI statusSite, String audience) throws IOException {
        super(port, "finance-portal");
        this.audience = audience == null ? origin().toString() : audience;
        this.verifier = new BearerTokenVerifier(issuer, jwks, this.audience);
        this.statusSite = statusSite;
    }

    /**
     * A portal that accepts tokens for its own origin as audience (the embedded broker's way).
     *
     * @param statusSite the second origin whose badge the page embeds
     */
    public static FinancePortal start(int port, URI issuer, URI jwks, URI statusSite) throws IOException {
        return new FinancePortal(port, issuer, jwks, statusSite, null);
    }

    /** A portal that accepts tokens for a logical audience, as a broker such as Keycloak names its clients. */
    public static FinancePortal start(int port, URI issuer, URI jwks, URI statusSite, String audience) throws IOException {
        return new FinancePortal(port, issuer, jwks, statusSite, audience);
    }

    /** The audience the portal accepts. */
    public String audience() {
        return audience;
    }

    @Override
    void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/favicon.ico")) {
            send(exchange, 404, "text/plain", "");
            return;
        }
        BearerTokenVerifier.Result result = verifier.verify(exchange.getRequestMethod(),
                origin().resolve(exchange.getRequestURI().getRawPath()),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("DPoP"));
        if (result instanceof BearerTokenVerifier.Refused refused) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\", DPoP algs=\"ES256\"");
            send(exchange, 401, "text/html; charset=utf-8", unauthorized(refused.reason()));
            return;
        }
        BearerTokenVerifier.Verified caller = (BearerTokenVerifier.Verified) result;
        String method = exchange.getRequestMethod();
        if (method.equals("GET") && path.equals("/")) {
            send(exchange, 200, "text/html; charset=utf-8", home(caller));
        } else if (method.equals("GET") && path.equals("/export.csv")) {
            if (!caller.scopes().contains(EXPORT_SCOPE)) {
                send(exchange, 403, "text/plain", "This token may not export invoices.");
                return;
            }
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"invoices.csv\"");
            send(exchange, 200, "text/csv; charset=utf-8", csv());
        } else if (method.equals("POST") && path.equals("/invoices/INV-1001/paid") && caller.scopes().contains(WRITE_SCOPE)) {
            send(exchange, 200, "text/plain", "Marked INV-1001 paid.");
        } else if (method.equals("POST") && (path.startsWith("/invoices/"))) {
            send(exchange, 403, "text/plain", "This token may not change invoices.");
        } else {
            send(exchange, 404, "text/plain", "Not found");
        }
    }

    private static String csv() {
        StringBuilder out = new StringBuilder("number,customer,amount\n");
        INVOICES.forEach(i -> out.append(i.number()).append(',').append(i.customer()).append(",\"").append(i.amount()).append("\"\n"));
        return out.toString();
    }

    private String home(BearerTokenVerifier.Verified caller) {
        StringBuilder rows = new StringBuilder();
        for (Invoice i : INVOICES) {
            rows.append("<tr><td>").append(i.number()).append("</td><td>").append(i.customer())
                    .append("</td><td class=num>").append(i.amount()).append("</td></tr>");
        }
        String who = Html.escape(caller.displayName()) + " (via assistant " + Html.escape(String.valueOf(caller.actor())) + ")"
                + (caller.keyBound() ? " &middot; key-bound token" : "");
        return """
                <!doctype html><html><head><meta charset=utf-8><title>Finance Portal</title>
                <meta name="data-classification" content="restricted">
                <style>
                 body{font-family:DejaVu Sans,sans-serif;margin:24px;color:#1d2733}
                 header{display:flex;justify-content:space-between;align-items:center}
                 #who{background:#eef4ff;padding:6px 10px;border-radius:6px}
                 table{border-collapse:collapse;margin:16px 0;min-width:480px}
                 td,th{border-bottom:1px solid #d6dde6;padding:6px 12px;text-align:left}
                 .num{text-align:right}
                 .actions a,.actions button{font:inherit;padding:8px 16px;margin-right:8px;border-radius:6px;
                   border:1px solid #274b8a;background:#fff;color:#274b8a;text-decoration:none;cursor:pointer}
                 #status{color:#555;margin-top:16px}
                </style></head><body>
                <header><h1>Finance Portal</h1><span id=who>Signed in: %s</span></header>
                <table><thead><tr><th>Invoice</th><th>Customer</th><th class=num>Amount (EUR)</th></tr></thead>
                <tbody>%s</tbody></table>
                <div class=actions>
                 <a id=export href="/export.csv">Export CSV</a>
                 <button id=delete onclick="act('/invoices/INV-1001/delete')">Delete</button>
                 <button id=share onclick="act('/invoices/INV-1001/share')">Share</button>
                 <button id=paid onclick="act('/invoices/INV-1001/paid','{&quot;paid&quot;:true}')">Mark INV-1001 paid</button>
                </div>
                <p id=result></p>
                <p id=status><img id=badge src="%s/badge.png" width=10 height=10 alt=""> Company systems status</p>
                <script>
                 function act(path,body){fetch(path,{method:'POST',body:body,headers:body?{'Content-Type':'application/json'}:{}}).then(r=>{document.getElementById('result').textContent=
                   r.ok?'Done.':'Not allowed ('+r.status+').'}).catch(()=>{document.getElementById('result').textContent=
                   'Blocked before it reached the portal.'})}
                </script>
                </body></html>""".formatted(who, rows, statusSite);
    }

    private static String unauthorized(String reason) {
        return """
                <!doctype html><html><head><meta charset=utf-8><title>401 Not signed in</title></head>
                <body style="font-family:sans-serif;margin:24px"><h1>401: access token required</h1>
                <p id=reason>%s</p></body></html>""".formatted(Html.escape(reason));
    }
}
