package dev.chaperone.browser;

import com.sun.net.httpserver.HttpServer;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.browser.engine.EngineSettings;
import dev.chaperone.browser.engine.ProcessMemory;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.DefaultPolicy;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark, not a test: how long a page with 200 sub-resources takes to load in the assistant's
 * browser with the egress guard (every connection through the egress proxy, every request paused
 * at the Fetch stage) and without it. One mode per process (Chromium starts once per process);
 * {@code scripts/bench-page.sh} runs both in one go and prints both. Run under a display.
 *
 * <p>Arguments: {@code guard|none|guard-uncontained|guard-jitless [loads]}: the guard on or off (contained, as
 * shipped), the guard on with containment off (what containment costs), the guard on with V8's JIT
 * off (what IT's {@code browser.jitless} costs). Besides the load times it prints the time from
 * starting Chromium to its first page, and the memory (PSS) of this process and its children.
 */
public final class PageLoadBench {
    static final int SUBRESOURCES = 200;
    // A 1x1 PNG.
    static final byte[] PIXEL = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "guard" : args[0];
        boolean guard = mode.startsWith("guard");
        int loads = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path root = Files.createTempDirectory("chaperone-page-bench");
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        site.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getPath();
                byte[] body;
                if (path.startsWith("/img/")) {
                    body = PIXEL;
                    ex.getResponseHeaders().set("Content-Type", "image/png");
                    // As a real site would let it, but each load below is a fresh address, so nothing is cached.
                    ex.getResponseHeaders().set("Cache-Control", "no-store");
                } else {
                    StringBuilder page = new StringBuilder("<title>bench</title><p>200 images</p>");
                    String run = ex.getRequestURI().getQuery();
                    for (int i = 0; i < SUBRESOURCES; i++) {
                        page.append("<img width=1 height=1 src='/img/").append(i).append(".png?").append(run).append("'>");
                    }
                    body = page.toString().getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/html");
                }
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        site.start();
        Origin origin = Origin.parse("http://127.0.0.1:" + site.getAddress().getPort());
        Task task = new Task("bench", "Page load", origin, origin.toString(), Set.of("read"));
        Attribution who = new Attribution(new Human("bench", "Bench"), new AssistantIdentity("assistant-bench", "A"), task, "s");
        Path jcef = Path.of("target/test-cache/jcef").toAbsolutePath();
        long starting = System.nanoTime();
        BrowserRuntime runtime = switch (mode) {
            case "guard-uncontained" -> BrowserRuntime.startUncontainedForBench(jcef, root.resolve("profile"), EngineSettings.DEFAULTS);
            case "guard-jitless" -> BrowserRuntime.start(jcef, root.resolve("profile"),
                    new EngineSettings(false, java.util.Optional.empty(), true));
            default -> BrowserRuntime.start(jcef, root.resolve("profile"), guard);
        };
        try (SqliteAuditLog audit = SqliteAuditLog.open(root.resolve("audit.db"))) {
            AuditTrail trail = AuditTrail.forSession(audit, who);
            ActionGate gate = ActionGate.standard(trail, () -> true, new DefaultPolicy(), ScriptedPrompt.always(false),
                    Duration.ofSeconds(5));
            IsolatedBrowser browser = IsolatedBrowser.open(runtime, gate, (method, url) -> Map.of(), trail,
                    new IsolatedBrowser.Settings("about:blank", 800, 600, root.resolve("downloads")), (w, h, dirty, pixels) -> { },
                    new BrowserListener() { }, guard);
            HostilePageTest.waitUntil("the blank page loaded", () -> browser.loadsFinished() > 0);
            double firstPage = (System.nanoTime() - starting) / 1e6;
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < loads + 3; i++) {
                int before = browser.loadsFinished();
                long start = System.nanoTime();
                browser.navigate(origin + "/?run=" + i);
                while (browser.loadsFinished() == before) {
                    Thread.sleep(0, 200_000);
                }
                long took = (System.nanoTime() - start) / 1000;
                if (i >= 3) {
                    micros.add(took);
                }
            }
            Collections.sort(micros);
            System.out.printf("page load, %d sub-resources, %-17s n=%3d  p50=%7.1f ms  p90=%7.1f ms  max=%7.1f ms  "
                            + "start to first page %6.0f ms  PSS %4d MiB  (%s)%n",
                    SUBRESOURCES, mode, micros.size(), micros.get(micros.size() / 2) / 1000.0,
                    micros.get((int) (micros.size() * 0.9)) / 1000.0, micros.get(micros.size() - 1) / 1000.0,
                    firstPage, pssMiB(), runtime.containment().summary());
            browser.close();
            gate.close();
        } finally {
            runtime.shutdown();
            site.stop(0);
            ProfileWiper.wipe(root);
        }
        System.exit(0);
    }

    /** Proportional memory of this JVM and every process under it (Chromium's), in MiB. */
    static long pssMiB() {
        return ProcessMemory.pssKib(java.util.stream.Stream.concat(
                java.util.stream.Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants())
                .map(ProcessHandle::pid).toList()) / 1024;
    }
}
