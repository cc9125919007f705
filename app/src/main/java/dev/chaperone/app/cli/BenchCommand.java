package dev.chaperone.app.cli;

import com.nimbusds.jose.jwk.ECKey;
import dev.chaperone.app.AppOptions;
import dev.chaperone.app.session.ConfiguredMode;
import dev.chaperone.app.session.SessionPlan;
import dev.chaperone.audit.SqliteAuditLog;
import dev.chaperone.broker.client.AssistantKeyStore;
import dev.chaperone.broker.client.BrokerClient;
import dev.chaperone.broker.client.BrokerSettings;
import dev.chaperone.broker.client.DpopMode;
import dev.chaperone.broker.client.signin.SignInPrompt;
import dev.chaperone.config.ChaperoneConfig;
import dev.chaperone.config.ConfigLoader;
import dev.chaperone.broker.embedded.EmbeddedBroker;
import dev.chaperone.browser.ProfileWiper;
import dev.chaperone.core.audit.AuditTrail;
import dev.chaperone.core.gate.ActionGate;
import dev.chaperone.core.gate.ApprovalPrompt;
import dev.chaperone.core.gate.ApprovalRequest;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.DefaultPolicy;
import dev.chaperone.core.gate.Policy;
import dev.chaperone.policy.PolicyLoader;
import dev.chaperone.policy.Sensitivity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;
import dev.chaperone.core.token.TaskToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code chaperone bench}: prints how fast the gate and the broker round trips are on this
 * machine. Figures only, never pass/fail; everything runs in a temporary folder on loopback.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure the audit store, the gate and the broker round trips on this machine (prints figures).",
        subcommands = {McpBench.class, PromptBench.class, LeaveBench.class})
public final class BenchCommand implements Callable<Integer> {
    private static final int WARM_UPS = 30;

    @Option(names = "--iterations", description = "Measured iterations per figure (default: ${DEFAULT-VALUE}).")
    int iterations = 2000;

    @Option(names = "--audit-events", description = "Events written for the audit figures (default: ${DEFAULT-VALUE}).")
    int auditEvents = 1_000_000;

    @Option(names = "--broker", description = "Also measure exchange and revocation against the configured broker "
            + "(you sign in first; the task is the first configured target).")
    boolean configuredBroker;

    @Option(names = "--machine-file", description = "IT's configuration file (default: ${DEFAULT-VALUE}).")
    Path machineFile = AppOptions.defaults().machineConfig();

    @Override
    public Integer call() throws Exception {
        if (iterations < 1) {
            System.err.println("--iterations must be at least 1");
            return 2;
        }
        Path dir = Files.createTempDirectory("chaperone-bench");
        try (EmbeddedBroker broker = EmbeddedBroker.start(0);
             SqliteAuditLog audit = SqliteAuditLog.open(dir.resolve("audit.db"))) {
            new AuditBench(dir, auditEvents).run();
            Task task = new Task("bench", "Benchmark", Origin.parse("http://127.0.0.1:9"), "bench-portal",
                    Set.of("invoices:read"));
            ECKey key = AssistantKeyStore.loadOrCreate(dir.resolve("key.jwk"));
            AssistantIdentity assistant = new AssistantIdentity(AssistantKeyStore.clientIdFor(key), "bench");
            Human human = new Human("bench", "Bench");
            Attribution who = new Attribution(human, assistant, task, "bench");
            // The Cedar policy is what sessions run under; the Java rules of the same meaning show Cedar's share.
            Map<String, Policy> policies = new LinkedHashMap<>();
            policies.put("Cedar built-in policy", PolicyLoader.build(PolicyLoader.builtIn(), Optional.empty(), Sensitivity.NONE,
                    java.time.Clock.systemDefaultZone()));
            policies.put("Java rules", new DefaultPolicy());
            for (Map.Entry<String, Policy> policy : policies.entrySet()) {
                try (ActionGate gate = ActionGate.standard(AuditTrail.forSession(audit, who), () -> true, policy.getValue(),
                        new NoPrompt(), Duration.ofSeconds(1))) {
                    AssistantAction subresource = AssistantAction.request("GET", "http://127.0.0.1:9/style.css");
                    AssistantAction navigation = AssistantAction.navigate("http://127.0.0.1:9/");
                    AssistantAction denied = AssistantAction.navigate("file:///etc/passwd");
                    String name = policy.getKey();
                    report("gate, " + name + ": sub-resource request (not audited)", time(WARM_UPS, iterations,
                            () -> gate.decideNow(subresource)));
                    report("gate, " + name + ": allowed navigation (row on disk before it goes ahead)", time(WARM_UPS,
                            Math.min(iterations, 500), () -> gate.decideNow(navigation)));
                    report("gate, " + name + ": denied navigation (row queued, group commit)", time(WARM_UPS, iterations,
                            () -> gate.decideNow(denied)));
                }
            }
            broker.registerAssistant(assistant.clientId(), key, Set.of(task.audience()), task.scopes());
            for (DpopMode mode : new DpopMode[]{DpopMode.OFF, DpopMode.REQUIRED}) {
                BrokerClient client = BrokerClient.discover(BrokerSettings.of(broker.issuer()).withDpop(mode), assistant,
                        key, () -> broker.signInLocalUser("bench", "Bench"));
                exchangeAndRevoke("embedded broker, DPoP " + mode.name().toLowerCase(), client, human, task);
            }
        } finally {
            ProfileWiper.wipe(dir);
        }
        return configuredBroker ? benchConfiguredBroker() : 0;
    }

    /** The same figures against the organisation's broker, after the person signs in there. */
    private int benchConfiguredBroker() throws Exception {
        AppOptions options = AppOptions.defaults();
        ChaperoneConfig config = ConfigLoader.load(machineFile, options.paths().userConfig());
        if (config.isEmbedded()) {
            System.err.println("--broker needs a configured broker; see 'chaperone config show'.");
            return 2;
        }
        ChaperoneConfig.Broker broker = config.broker().orElseThrow();
        SessionPlan plan = ConfiguredMode.plan(config, ConfiguredMode.signIn(config, new TerminalSignIn()),
                ConfiguredMode.assistantKey(broker, options.paths()));
        for (DpopMode mode : new DpopMode[]{DpopMode.OFF, DpopMode.REQUIRED}) {
            BrokerClient client = BrokerClient.discover(plan.broker().withDpop(mode), plan.assistant(), plan.assistantKey(),
                    plan.humanToken());
            exchangeAndRevoke(broker.issuer() + ", DPoP " + mode.name().toLowerCase(), client, plan.human(), plan.task());
        }
        return 0;
    }

    /** Sign-in for a terminal: the code and address go to stderr, so stdout keeps only figures. */
    private static final class TerminalSignIn implements SignInPrompt {
        @Override
        public void showDeviceCode(URI verificationUri, URI verificationUriComplete, String userCode, Duration expiresIn) {
            System.err.println("To sign in, open " + verificationUri + " and enter the code " + userCode
                    + (verificationUriComplete == null ? "" : " (or open " + verificationUriComplete + ")"));
        }

        @Override
        public void openBrowser(URI authorizationRequest) {
            System.err.println("To sign in, open " + authorizationRequest);
        }

        @Override
        public void done() {
        }
    }

    /** Every exchanged token, warm-ups included, is revoked: same warm-ups and count for both figures. */
    private void exchangeAndRevoke(String label, BrokerClient client, Human human, Task task) throws Exception {
        int roundTrips = Math.min(iterations, 300);
        List<TaskToken> issued = new ArrayList<>();
        report("token exchange (" + label + ")", time(WARM_UPS, roundTrips, () -> issued.add(client.obtain(human, task))));
        Iterator<TaskToken> toRevoke = issued.iterator();
        report("revocation (" + label + ")", time(WARM_UPS, roundTrips, () -> client.revoke(toRevoke.next())));
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    static long[] time(int warmUps, int n, Work work) throws Exception {
        for (int i = 0; i < warmUps; i++) {
            work.run();
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            work.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    static void report(String what, long[] sorted) {
        System.out.printf("%-72s n=%5d  p50=%8.1f µs  p95=%8.1f µs  p99=%8.1f µs%n", what, sorted.length,
                sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.95)] / 1e3,
                sorted[(int) (sorted.length * 0.99)] / 1e3);
    }

    /**
     * A bench run's own data, downloads and configuration under {@code root}, with the user's
     * Chromium cache (unpacked once, reused): nothing the bench does touches the person's own data.
     */
    static dev.chaperone.app.AppPaths benchPaths(java.nio.file.Path root) {
        dev.chaperone.app.AppPaths user = dev.chaperone.app.AppPaths.fromEnvironment();
        return new dev.chaperone.app.AppPaths(root.resolve("data"), user.cacheDir(), root.resolve("downloads"), root.resolve("config"));
    }

    /** Milliseconds, for end-to-end figures: sorts {@code nanos} and prints median, p95, p99 and max. */
    static void reportMillis(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf("%-60s n=%d  p50=%.1f ms  p95=%.1f ms  p99=%.1f ms  max=%.1f ms%n", what, n,
                sorted[n / 2] / 1e6, sorted[Math.min(n - 1, (int) (n * 0.95))] / 1e6,
                sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6, sorted[n - 1] / 1e6);
    }

    /** The benchmark never asks: nothing it measures needs a person. */
    private static final class NoPrompt implements ApprovalPrompt {
        @Override
        public CompletableFuture<Boolean> ask(ApprovalRequest request) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public void withdraw(ApprovalRequest request) {
        }
    }
}
