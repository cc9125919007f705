package dev.chaperone.policy;

import java.util.Comparator;
import java.util.Map;

/**
 * How sensitive the data at an address is, by IT's rules: the longest matching address prefix
 * (an origin, or an origin and a path) names the level; anything else is {@code unknown}.
 */
public record Sensitivity(Map<String, String> byPrefix) {
    public static final Sensitivity NONE = new Sensitivity(Map.of());

    public Sensitivity {
        byPrefix = Map.copyOf(byPrefix);
    }

    public String of(String url) {
        return byPrefix.entrySet().stream().filter(e -> url.startsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue).orElse(dev.chaperone.core.session.Task.UNKNOWN_SENSITIVITY);
    }
}
