package dev.chaperone.policy;

import com.cedarpolicy.model.Effect;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import dev.chaperone.core.gate.ReasonCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the policy a session runs under: IT's managed file if there is one (else the built-in
 * default), plus the user's file, which may only add {@code forbid} rules: it can narrow what IT
 * allows, never widen it. A file that cannot be parsed, or a user rule that would permit, stops
 * here with a message naming the file and line; the caller then runs no session.
 */
public final class PolicyLoader {
    /** The name of IT's file in the managed configuration folder, and of the user's in theirs. */
    public static final String FILE_NAME = "policy.cedar";

    private PolicyLoader() {
    }

    public static PolicyFile builtIn() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream("default.cedar")) {
            return new PolicyFile("built in", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the built-in policy is missing from the program", e);
        }
    }

    /** IT's file if present, else the built-in; then the user's narrowing file if present. */
    public static CedarPolicy load(Optional<Path> managed, Optional<Path> user, Sensitivity sensitivity) throws PolicyException {
        PolicyFile base = managed.filter(Files::exists).map(PolicyLoader::read).orElseGet(PolicyLoader::builtIn);
        if (base.text() == null) {
            throw new PolicyException("IT's policy file " + base.source() + " cannot be read.");
        }
        Optional<PolicyFile> narrowing = user.filter(Files::exists).map(PolicyLoader::read);
        if (narrowing.isPresent() && narrowing.get().text() == null) {
            throw new PolicyException("Your policy file " + narrowing.get().source() + " cannot be read.");
        }
        return build(base, narrowing, sensitivity, Clock.systemDefaultZone());
    }

    public static CedarPolicy build(PolicyFile base, Optional<PolicyFile> narrowing, Sensitivity sensitivity, Clock clock)
            throws PolicyException {
        Set<Policy> all = new HashSet<>();
        Map<String, CedarPolicy.Rule> rules = new HashMap<>();
        add(base, "it", all, rules, false);
        if (narrowing.isPresent()) {
            add(narrowing.get(), "user", all, rules, true);
        }
        PolicySet set = new PolicySet(all);
        try {
            set.cache();
        } catch (Exception e) {
            // A cache is only faster (about 55 µs instead of 160 µs a decision); without it the rules still hold.
        }
        String source = base.source() + narrowing.map(n -> " narrowed by " + n.source()).orElse("");
        return new CedarPolicy(new PolicyFile(source, base.text()), set, rules, () -> CedarPolicy.Environment.UNKNOWN,
                clock, sensitivity);
    }

    private static void add(PolicyFile file, String prefix, Set<Policy> all, Map<String, CedarPolicy.Rule> rules,
                            boolean forbidsOnly) throws PolicyException {
        PolicySet parsed;
        try {
            parsed = PolicySet.parsePolicies(file.text());
        } catch (InternalException | RuntimeException e) {
            throw new PolicyException("The policy in " + file.source() + " cannot be read" + lineOfFirstBadRule(file.text())
                    + ": " + firstLine(e.getMessage()).replaceFirst("^Internal error: Internal JNI Error: ", ""), e);
        }
        List<Policy> ordered = new ArrayList<>(parsed.policies);
        // Cedar numbers rules in the order written ("policy0", "policy1", ...): that order breaks ties.
        ordered.sort(java.util.Comparator.comparingInt(p -> number(p.getID())));
        for (Policy p : ordered) {
            try {
                Effect effect = p.effect();
                Map<String, String> notes = p.getAnnotations();
                String id = prefix + ":" + notes.getOrDefault("id", p.getID());
                if (forbidsOnly && effect != Effect.FORBID) {
                    throw new PolicyException("Your policy file " + file.source() + " may only narrow IT's policy, but rule \""
                            + notes.getOrDefault("id", p.getID()) + "\"" + where(file.text(), p.getSource())
                            + " permits. Change it to a forbid rule or remove it.");
                }
                Policy renamed = new Policy(p.getSource(), id);
                all.add(renamed);
                rules.put(id, new CedarPolicy.Rule(id, (prefix.equals("user") ? 0 : 100_000) + number(p.getID()), effect,
                        "ask".equals(notes.get("decision")), standing(file, notes), code(notes.get("code")),
                        notes.getOrDefault("reason", "Rule " + id + " of " + file.source() + ".")));
            } catch (InternalException e) {
                throw new PolicyException("A rule in " + file.source() + " cannot be read: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Cedar's parse errors carry no position, so each rule is parsed on its own to find the first
     * one that fails: " (line N)" where it starts, or nothing if each parses alone.
     */
    static String lineOfFirstBadRule(String text) {
        int start = 0;
        boolean inString = false;
        boolean inComment = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ';';
            if (inComment) {
                inComment = c != '\n';
            } else if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                inComment = true;
            } else if (c == ';') {
                String rule = text.substring(start, Math.min(i + 1, text.length()));
                if (!withoutComments(rule).isBlank()) {
                    try {
                        Policy.parseStaticPolicy(rule);
                    } catch (InternalException | RuntimeException e) {
                        // The rule's first line with something on it besides blanks and comments.
                        String[] lines = rule.split("\n", -1);
                        int skipped = 0;
                        while (skipped < lines.length - 1 && withoutComments(lines[skipped]).isBlank()) {
                            skipped++;
                        }
                        return " (line " + (lineOf(text, start) + skipped) + ")";
                    }
                }
                start = i + 1;
            }
        }
        return "";
    }

    private static String withoutComments(String rule) {
        return rule.replaceAll("(?m)//.*$", "");
    }

    private static int number(String cedarId) {
        Matcher m = Pattern.compile("(\\d+)$").matcher(cedarId);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** {@code @standing("600")}: seconds a person may allow this kind of action for, instead of once. */
    private static Optional<java.time.Duration> standing(PolicyFile file, Map<String, String> notes) throws PolicyException {
        String seconds = notes.get("standing");
        if (seconds == null) {
            return Optional.empty();
        }
        try {
            long s = Long.parseLong(seconds.strip());
            if (s <= 0 || s > 8 * 3600) {
                throw new NumberFormatException();
            }
            return Optional.of(java.time.Duration.ofSeconds(s));
        } catch (NumberFormatException e) {
            throw new PolicyException("In " + file.source() + ", @standing(\"" + seconds + "\") must be a number of seconds"
                    + " between 1 and 28800 (8 hours).");
        }
    }

    private static Optional<ReasonCode> code(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ReasonCode.valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** " (line N)" where a rule's text stands in the file, or nothing if it cannot be found. */
    static String where(String text, String rule) {
        int at = text.indexOf(rule.strip());
        return at < 0 ? "" : " (line " + lineOf(text, at) + ")";
    }

    private static long lineOf(String text, int index) {
        return text.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
    }


    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse(message);
    }

    private static PolicyFile read(Path path) {
        try {
            return new PolicyFile(path.toString(), Files.readString(path));
        } catch (IOException e) {
            return new PolicyFile(path.toString(), null);
        }
    }
}
