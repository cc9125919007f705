package dev.chaperone.browser;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns Chromium's accessibility tree ({@code Accessibility.getFullAXTree}) into the snapshot text
 * agents know from Playwright MCP: one {@code - role "name" [ref=eN]} line per element, indented by
 * nesting. A ref is {@code e} plus the element's backend DOM node id, which page script can neither
 * forge nor hide. Anything shaped like a secret (a JWT, a bearer token, an API key) is masked, and
 * the text is cut at a size limit with a line saying so.
 */
public final class AxSnapshot {
    public static final int MAX_CHARS = 40_000;
    private static final Set<String> TRANSPARENT = Set.of("generic", "none", "InlineTextBox", "LineBreak", "RootWebArea",
            "WebArea", "ListMarker");
    /** What a secret looks like; written so Java and the page's JavaScript read it alike (for screenshots). */
    static final String SECRET_SHAPE = "eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"
            + "|[Bb][Ee][Aa][Rr][Ee][Rr]\\s+[A-Za-z0-9._~+/=-]{8,}"
            + "|\\b(?:sk|pk|rk|ghp|gho|ghs|github_pat|xox[abp]|AKIA)[-_]?[A-Za-z0-9_-]{12,}";
    private static final Pattern SECRET = Pattern.compile(SECRET_SHAPE);

    /** One element the snapshot named: what a click on it is shown and audited as. */
    public record Element(String role, String name) {
        public String label() {
            return name.isEmpty() ? role : role + " \"" + name + "\"";
        }
    }

    private final String text;
    private final String title;
    private final Map<String, Element> elements;
    private final boolean cut;

    private AxSnapshot(String text, String title, Map<String, Element> elements, boolean cut) {
        this.text = text;
        this.title = title;
        this.elements = elements;
        this.cut = cut;
    }

    /** The document's title: the name of the tree's root (masked like the rest). */
    public String title() {
        return title;
    }

    public String text() {
        return text;
    }

    /** The elements by ref (such as {@code e42}). */
    public Map<String, Element> elements() {
        return elements;
    }

    public boolean cut() {
        return cut;
    }

    public static String mask(String value) {
        return SECRET.matcher(value).replaceAll("[secret masked]");
    }

    public static AxSnapshot of(JsonNode tree) {
        Map<String, JsonNode> byId = new HashMap<>();
        JsonNode root = null;
        for (JsonNode node : tree.path("nodes")) {
            byId.put(node.path("nodeId").asText(), node);
            if (root == null && !node.has("parentId")) {
                root = node;
            }
        }
        StringBuilder out = new StringBuilder();
        Map<String, Element> elements = new LinkedHashMap<>();
        boolean[] cut = {false};
        if (root != null) {
            write(root, byId, 0, "", out, elements, cut);
        }
        String title = root == null ? "" : mask(root.path("name").path("value").asText(""));
        return new AxSnapshot(out.toString(), title, elements, cut[0]);
    }

    private static void write(JsonNode node, Map<String, JsonNode> byId, int depth, String parentName, StringBuilder out,
                              Map<String, Element> elements, boolean[] cut) {
        String role = node.path("role").path("value").asText("");
        String name = mask(node.path("name").path("value").asText("").strip());
        boolean shown = !node.path("ignored").asBoolean(false) && !TRANSPARENT.contains(role) && !role.isEmpty();
        int childDepth = depth;
        if (shown && role.equals("StaticText")) {
            shown = !name.isEmpty() && !parentName.contains(name);
            if (shown) {
                line(out, depth, "- text: " + quote(name), cut);
            }
        } else if (shown) {
            String ref = node.has("backendDOMNodeId") ? "e" + node.get("backendDOMNodeId").asLong() : "";
            StringBuilder line = new StringBuilder("- ").append(role);
            if (!name.isEmpty()) {
                line.append(' ').append(quote(name));
            }
            for (JsonNode p : node.path("properties")) {
                String key = p.path("name").asText();
                if (Set.of("level", "checked", "disabled", "expanded", "selected", "pressed").contains(key)) {
                    String value = p.path("value").path("value").asText();
                    line.append(" [").append(key).append(value.equals("true") ? "" : "=" + value).append(']');
                }
            }
            if (!ref.isEmpty()) {
                line.append(" [ref=").append(ref).append(']');
                elements.put(ref, new Element(role, name));
            }
            String value = mask(node.path("value").path("value").asText(""));
            if (!value.isEmpty() && !value.equals(name)) {
                line.append(": ").append(quote(value));
            }
            line(out, depth, line.toString(), cut);
            childDepth = depth + 1;
        }
        String nameForChildren = shown ? name : parentName;
        for (JsonNode childId : node.path("childIds")) {
            JsonNode child = byId.get(childId.asText());
            if (child != null) {
                write(child, byId, childDepth, nameForChildren, out, elements, cut);
            }
        }
    }

    private static void line(StringBuilder out, int depth, String line, boolean[] cut) {
        if (cut[0]) {
            return;
        }
        if (out.length() + line.length() > MAX_CHARS) {
            out.append("- text: \"[snapshot cut at ").append(MAX_CHARS)
                    .append(" characters: the page is larger; the elements above are the first ones]\"\n");
            cut[0] = true;
            return;
        }
        out.append("  ".repeat(depth)).append(line).append('\n');
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + '"';
    }

}
