package dev.chaperone.app.cli;

import com.sun.net.httpserver.HttpServer;
import dev.chaperone.app.AppOptions;
import dev.chaperone.app.AppPaths;
import dev.chaperone.app.DesktopApp;
import dev.chaperone.app.mcp.McpDesk;
import dev.chaperone.app.ui.ApprovalPromptViewModel;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.browser.engine.ProcessMemory;
import dev.chaperone.mcp.HttpMcpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import javafx.application.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code chaperone bench mcp}: the same workload through Chaperone's MCP server and through
 * Playwright MCP, side by side in one run, on a local two-page site: navigate, snapshot, click a
 * link, snapshot, click a button. Prints each one's median and p95 per iteration, the ratio, the
 * cold start to the first tool answer and the memory (PSS) of each whole process tree. Figures
 * only; {@code scripts/bench-mcp.sh} installs what it needs and runs it.
 */
@Command(name = "mcp", mixinStandardHelpOptions = true, description = "Chaperone's MCP server and Playwright MCP, side by side (prints figures).")
public final class McpBench implements Callable<Integer> {
    @Option(names = "--playwright-mcp", required = true, description = "Playwright MCP's cli.js.")
    Path playwrightMcp;

    @Option(names = "--chromium", description = "The Chromium Playwright MCP drives (default: ${DEFAULT-VALUE}).")
    Path chromium = Path.of("/usr/bin/chromium");

    @Option(names = "--iterations", description = "Measured iterations (default: ${DEFAULT-VALUE}).")
    int iterations = 30;

    @Option(names = "--warm-ups", description = "Iterations before measuring (default: ${DEFAULT-VALUE}).")
    int warmUps = 5;

    @Option(names = "--jitless", description = "Chaperone's pages run V8 without its JIT, as IT's browser.jitless sets it.")
    boolean jitless;

    /** One server's figures. */
    private record Figures(String name, long[] sortedNanos, long coldStartNanos, long pssKib) {
        double median() {
            return sortedNanos[sortedNanos.length / 2] / 1e6;
        }

        double p95() {
            return sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.round(sortedNanos.length * 0.95))] / 1e6;
        }
    }

    @Override
    public Integer call() throws Exception {
        HttpServer site = twoPageSite();
        String start = "http://127.0.0.1:" + site.getAddress().getPort() + "/";
        try {
            Figures playwright = playwright(start);
            List<Figures> chaperone = chaperone(start);
            System.out.printf("%-16s %12s %12s %18s %14s%n", "server", "median ms", "p95 ms", "cold start ms", "PSS MiB");
            for (Figures f : Stream.concat(chaperone.stream(), Stream.of(playwright)).toList()) {
                System.out.printf("%-16s %12.1f %12.1f %18s %14.0f%n", f.name(), f.median(), f.p95(),
                        f.coldStartNanos() < 0 ? "-" : String.format("%.0f", f.coldStartNanos() / 1e6), f.pssKib() / 1024.0);
            }
            for (Figures f : chaperone) {
                System.out.printf("ratio (%s / Playwright MCP): median %.2f, p95 %.2f, memory %.2f%n", f.name(),
                        f.median() / playwright.median(), f.p95() / playwright.p95(), (double) f.pssKib() / playwright.pssKib());
            }
            System.out.printf("(%d iterations after %d warm-ups; workload: navigate, snapshot, click a link, snapshot, click a button)%n",
                    iterations, warmUps);
        } finally {
            site.stop(0);
        }
        // JavaFX and Chromium threads would keep the JVM alive.
        System.exit(0);
        return 0;
    }

    private Figures playwright(String start) throws Exception {
        Path profileless = Files.createTempDirectory("chaperone-bench-pw");
        long begun = System.nanoTime();
        StdioClientTransport transport = new StdioClientTransport(ServerParameters.builder("node").args(
                playwrightMcp.toString(), "--headless", "--isolated", "--browser", "chromium", "--executable-path",
                chromium.toString(), "--no-sandbox", "--timeout-settle", "0", "--output-dir", profileless.toString()).build(),
                McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(line -> { });
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .clientInfo(new McpSchema.Implementation("chaperone-bench", "1")).build()) {
            client.initialize();
            client.callTool(new McpSchema.CallToolRequest("browser_snapshot", Map.of(), null));
            long cold = System.nanoTime() - begun;
            long[] nanos = measure("Playwright MCP", client, start);
            long pss = ProcessMemory.pssKib(ProcessHandle.current().descendants().filter(p -> p.info().command()
                    .map(c -> c.contains("node") || c.contains("chrom")).orElse(false)).map(ProcessHandle::pid).toList());
            return new Figures("Playwright MCP", nanos, cold, pss);
        } finally {
            ProfileWiper.wipe(profileless);
        }
    }

    /**
     * Chaperone's server in this process, over stdio as MCP clients spawn it (the figures set
     * beside Playwright MCP's, which is spawned over stdio too), then over streamable HTTP. The
     * stdio client is the SDK's own, which speaks to a process: a pair of {@code cat}s relays its
     * stdin and stdout through two FIFOs to the server's streams here, one pipe hop more than a
     * spawned server would have.
     */
    private List<Figures> chaperone(String start) throws Exception {
        Path root = Files.createTempDirectory("chaperone-bench-mcp");
        AppPaths user = AppPaths.fromEnvironment();
        AppPaths paths = new AppPaths(root.resolve("data"), user.cacheDir(), root.resolve("downloads"), root.resolve("config"));
        Path machine = root.resolve("machine-config.json");
        if (jitless) {
            Files.writeString(machine, "{ \"browser\": { \"jitless\": true } }");
        }
        long begun = System.nanoTime();
        DesktopApp app = DesktopApp.openForTasks(new AppOptions(paths, Optional.of(Duration.ofSeconds(60)), Optional.empty(),
                machine));
        // The workload's own site is outside the demo task: the egress guard would refuse it.
        app.addDemoReadOnlySite(dev.chaperone.core.identity.Origin.parse(start));
        McpDesk desk = new McpDesk(app);
        try {
            Figures stdio;
            Path toServer = root.resolve("to-server");
            Path fromServer = root.resolve("from-server");
            for (Path fifo : List.of(toServer, fromServer)) {
                if (new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start().waitFor() != 0) {
                    throw new IOException("mkfifo failed for " + fifo);
                }
            }
            StdioClientTransport relay = new StdioClientTransport(ServerParameters.builder("sh").args("-c",
                    "cat \"$1\" & exec cat > \"$2\"", "relay", fromServer.toString(), toServer.toString()).build(),
                    McpJsonDefaults.getMapper());
            relay.setStdErrorHandler(line -> { });
            CompletableFuture<io.modelcontextprotocol.server.McpSyncServer> server = CompletableFuture.supplyAsync(() -> {
                try {
                    // Opening a FIFO waits for its other end: the relay's, started by the client below.
                    java.io.InputStream in = Files.newInputStream(toServer);
                    java.io.OutputStream out = Files.newOutputStream(fromServer);
                    return dev.chaperone.mcp.ChaperoneMcpServer.stdio(desk, in, out, "bench");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (McpSyncClient client = McpClient.sync(relay).requestTimeout(Duration.ofSeconds(60))
                    .clientInfo(new McpSchema.Implementation("chaperone-bench", "1")).build()) {
                client.initialize();
                stdio = run("Chaperone", app, client, start, begun);
            } finally {
                server.get(10, TimeUnit.SECONDS).closeGracefully();
            }
            try (HttpMcpServer http = HttpMcpServer.start(desk, 0, "bench", "bench", refusal -> { });
                 McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + http.port())
                                 .endpoint("/mcp").requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer bench")).build())
                         .requestTimeout(Duration.ofSeconds(60)).clientInfo(new McpSchema.Implementation("chaperone-bench", "1")).build()) {
                client.initialize();
                // Not a cold start: the app is up since the stdio run.
                return List.of(stdio, run("Chaperone/HTTP", app, client, start, -1));
            }
        } finally {
            app.quitAsync().get(60, TimeUnit.SECONDS);
            ProfileWiper.wipe(root);
        }
    }

    /** One task through one client: its first answer (cold start when {@code begun} is known), the workload, the memory. */
    private Figures run(String name, DesktopApp app, McpSyncClient client, String start, long begun) throws Exception {
        client.callTool(new McpSchema.CallToolRequest("chaperone_task_status", Map.of(), null));
        long cold = begun < 0 ? -1 : System.nanoTime() - begun;
        startTask(app, client);
        long[] nanos = measure(name, client, start);
        List<Long> tree = Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> !c.contains("node") && !c.endsWith("cat") && !c.endsWith("sh"))
                        .orElse(true))).map(ProcessHandle::pid).toList();
        long pss = ProcessMemory.pssKib(tree);
        client.callTool(new McpSchema.CallToolRequest("chaperone_end_task", Map.of(), null));
        return new Figures(name, nanos, cold, pss);
    }

    /** The benchmark stands in for the person: it allows the task in the prompt's view model, as a click would. */
    private static void startTask(DesktopApp app, McpSyncClient client) throws Exception {
        CompletableFuture<McpSchema.CallToolResult> started = CompletableFuture.supplyAsync(() -> client.callTool(
                new McpSchema.CallToolRequest("chaperone_start_task", Map.of("intent", "Benchmark", "site", "finance-portal",
                        "access", List.of("read"), "minutes", 30), null)));
        while (!started.isDone()) {
            CompletableFuture<Void> answered = new CompletableFuture<>();
            Platform.runLater(() -> {
                ApprovalPromptViewModel prompt = app.prompt().showingProperty().get();
                if (prompt != null) {
                    prompt.allow();
                }
                answered.complete(null);
            });
            answered.get(10, TimeUnit.SECONDS);
            Thread.sleep(100);
        }
        if (Boolean.TRUE.equals(started.get().isError())) {
            throw new IllegalStateException("the task did not start: " + started.get().content());
        }
    }

    private long[] measure(String server, McpSyncClient client, String start) {
        for (int i = 0; i < warmUps; i++) {
            iteration(client, start);
        }
        PER_TOOL.clear();
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            iteration(client, start);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        long[] listing = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            client.listTools();
            listing[i] = System.nanoTime() - t;
        }
        Arrays.sort(listing);
        StringBuilder perTool = new StringBuilder(server + String.format(", tools/list round trip (transport) %.1f ms",
                listing[listing.length / 2] / 1e6) + ", median per call:");
        PER_TOOL.forEach((tool, times) -> perTool.append(' ').append(tool).append(' ')
                .append(String.format("%.1f", times.stream().sorted().toList().get(times.size() / 2) / 1e6)).append(" ms;"));
        System.out.println(perTool);
        return nanos;
    }

    private static void iteration(McpSyncClient client, String start) {
        call(client, "browser_navigate", Map.of("url", start));
        String first = call(client, "browser_snapshot", Map.of());
        call(client, "browser_click", Map.of("element", "Next page link", "target", ref(first, "link \"Next page\"")));
        String second = call(client, "browser_snapshot", Map.of());
        call(client, "browser_click", Map.of("element", "Mark as read button", "target", ref(second, "button \"Mark as read\"")));
    }

    /** Per tool, every call's time, to say where an iteration's time goes. */
    private static final Map<String, List<Long>> PER_TOOL = new java.util.concurrent.ConcurrentHashMap<>();

    private static String call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        long began = System.nanoTime();
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments, null));
        PER_TOOL.computeIfAbsent(tool, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(System.nanoTime() - began);
        StringBuilder text = new StringBuilder();
        result.content().forEach(c -> {
            if (c instanceof McpSchema.TextContent t) {
                text.append(t.text());
            }
        });
        if (Boolean.TRUE.equals(result.isError())) {
            throw new IllegalStateException(tool + " failed: " + text);
        }
        return text.toString();
    }

    /** The ref of a Playwright-style snapshot line, such as {@code link "Export CSV"}. */
    static String ref(String snapshot, String element) {
        Matcher m = Pattern.compile(Pattern.quote(element) + "(?: \\[[^]]*])*? \\[ref=([^]]+)]").matcher(snapshot);
        if (!m.find()) {
            throw new IllegalStateException("no " + element + " in the snapshot:\n" + snapshot);
        }
        return m.group(1);
    }

    private static HttpServer twoPageSite() throws IOException {
        HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", ex -> {
            try (ex) {
                String body = ex.getRequestURI().getPath().equals("/two")
                        ? "<title>Two</title><h1>Page two</h1><p>Items</p><button onclick=\"this.textContent='Read'\">Mark as read</button>"
                        : "<title>One</title><h1>Page one</h1><ul><li>First</li><li>Second</li></ul><a href=\"/two\">Next page</a>";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
            }
        });
        site.start();
        return site;
    }
}
