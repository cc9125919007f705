package dev.chaperone.core.gate.steps;

import dev.chaperone.core.gate.ActionKind;
import dev.chaperone.core.gate.AssistantAction;
import dev.chaperone.core.identity.Origin;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One approval, one file: when the person allows a click on something that exports or downloads,
 * the download it starts on the same site within a few seconds is covered by that answer instead
 * of asking a second time. The cover is used once, and only for a download.
 */
final class FollowUpDownload {
    static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Pattern SAVES_A_FILE = Pattern.compile("\\b(export|download)", Pattern.CASE_INSENSITIVE);

    private record Cover(String label, Optional<Origin> origin, long untilNanos) {}

    private Cover cover;

    /** Notes an allowed click; only a click that reads as saving a file leaves a cover. */
    synchronized void allowed(AssistantAction click) {
        if (click.kind() == ActionKind.CLICK && SAVES_A_FILE.matcher(click.label()).find()) {
            cover = new Cover(click.label(), click.origin(), System.nanoTime() + WINDOW.toNanos());
        }
    }

    /** The label of the click that covers this download, used up by this call; empty if none does. */
    synchronized Optional<String> covers(AssistantAction download) {
        Cover c = cover;
        if (download.kind() != ActionKind.DOWNLOAD || c == null || System.nanoTime() > c.untilNanos()
                || !c.origin().equals(download.origin())) {
            return Optional.empty();
        }
        cover = null;
        return Optional.of(c.label());
    }
}
