package dev.chaperone.app.cli;

import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.gate.Decision;
import dev.chaperone.core.gate.Initiator;
import dev.chaperone.core.identity.AssistantIdentity;
import dev.chaperone.core.identity.Human;
import dev.chaperone.core.identity.Origin;
import dev.chaperone.core.session.Attribution;
import dev.chaperone.core.session.Task;
import dev.chaperone.policy.CedarPolicy;
import dev.chaperone.policy.PolicyException;
import dev.chaperone.policy.PolicyFile;
import dev.chaperone.policy.PolicyLoader;
import dev.chaperone.policy.Sensitivity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code chaperone policy test FILE}: what a policy decides for example actions, and why. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Check a policy file.", subcommands = PolicyCommand.Test.class)
public final class PolicyCommand {
    /** Built-in examples: what an assistant typically does on a task's site, and some ways out. */
    static final List<String> EXAMPLES = List.of(
            "navigate GET {site}/ by tool",
            "request GET {site}/app.js",
            "click GET {site}/ by tool \"link \\\"Invoice INV-1001\\\"\"",
            "click GET {site}/ by tool \"button \\\"Delete invoice\\\"\"",
            "request POST {site}/invoices/1",
            "download GET {site}/export.csv \"invoices.csv\"",
            "request GET https://elsewhere.example/pixel.png?d=secret",
            "navigate GET https://elsewhere.example/ by tool",
            "connect CONNECT https://elsewhere.example:443/",
            "navigate GET file:///etc/passwd by tool");
    private static final Pattern LINE = Pattern.compile("(\\w+)\\s+(\\w+)\\s+(\\S+)(?:\\s+by\\s+(tool|person|browser))?(?:\\s+\"((?:[^\"\\\\]|\\\\.)*)\")?\\s*");

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Evaluate example actions against a policy file "
            + "(as IT's file) and print each decision and its reason. Exit code 2 if the policy cannot be used, 1 if an "
            + "example line cannot be read.")
    static final class Test implements Callable<Integer> {
        @Parameters(index = "0", description = "The Cedar policy file, as IT would install it (/etc/chaperone/policy.cedar).")
        Path file;

        @Option(names = "--user-file", description = "A user's narrowing file to apply on top.")
        Path userFile;

        @Option(names = "--requests", description = "Example actions, one per line: KIND METHOD URL [by tool|person|browser] "
                + "[\"label\"]; KIND is navigate, request, download, click, tool_call or connect; {site} is the task's site. "
                + "Without it, built-in examples are used.")
        Path requests;

        @Option(names = "--site", description = "The task's site (default: ${DEFAULT-VALUE}).")
        String site = "https://portal.example.com";

        @Option(names = "--helper", description = "A read-only helper origin of the task's target (may repeat).")
        List<String> helpers = new ArrayList<>();

        @Option(names = "--human", description = "The signed-in person's subject (default: ${DEFAULT-VALUE}).")
        String human = "someone";

        @Option(names = "--group", description = "A group the person is in, as human.groups (may repeat).")
        List<String> groups = new ArrayList<>();

        @Option(names = "--assistant", description = "The assistant's id, as assistant.id (default: ${DEFAULT-VALUE}).")
        String assistant = "assistant";

        @Option(names = "--intent", description = "What the task is for, as task.intent (default: none).")
        String intent = "";

        @Override
        public Integer call() throws IOException {
            CedarPolicy policy;
            try {
                PolicyFile it = new PolicyFile(file.toString(), Files.readString(file));
                Optional<PolicyFile> user = userFile == null ? Optional.empty()
                        : Optional.of(new PolicyFile(userFile.toString(), Files.readString(userFile)));
                policy = PolicyLoader.build(it, user, Sensitivity.NONE, Clock.systemDefaultZone());
            } catch (PolicyException e) {
                System.err.println(e.getMessage());
                System.err.println("Chaperone would run no session under this policy.");
                return 2;
            }
            Origin home = Origin.parse(site);
            Task task = new Task("policy-test", "Policy test", home, home.toString(), Optional.empty(), Set.of("read"),
                    helpers.stream().map(Origin::parse).toList());
            Attribution who = new Attribution(new Human(human, human, groups), new AssistantIdentity(assistant, assistant), task,
                    intent, "policy-test");
            List<String> lines = requests == null ? EXAMPLES : Files.readAllLines(requests);
            System.out.println("Policy: " + policy.source().source() + "; task site " + home
                    + (helpers.isEmpty() ? "" : ", read-only helpers " + helpers) + "; " + human
                    + (groups.isEmpty() ? "" : " in " + String.join(", ", groups)) + ", assistant " + assistant);
            int number = 0;
            for (String raw : lines) {
                number++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(line.replace("{site}", home.toString()));
                ActionKind kind = m.matches() ? kind(m.group(1)) : null;
                if (kind == null) {
                    System.err.println((requests == null ? "example" : requests.toString()) + " line " + number
                            + ": not an action: " + line);
                    return 1;
                }
                String label = m.group(5) == null ? "" : m.group(5).replace("\\\"", "\"");
                AssistantAction action = new AssistantAction(kind, m.group(2), m.group(3), label, initiator(m.group(4)));
                Decision d = policy.evaluate(action, who);
                System.out.printf("%-5s %-24s %s%n      %s%n", d.outcome(), d.code(), line.replace("{site}", home.toString()),
                        d.reason());
            }
            return 0;
        }

        private static ActionKind kind(String word) {
            try {
                return ActionKind.valueOf(word.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static Initiator initiator(String who) {
            if (who == null || who.equals("browser")) {
                return Initiator.BROWSER;
            }
            return who.equals("person") ? Initiator.PERSON : Initiator.tool("policy-test", "browser_action");
        }
    }
}
