package dev.chaperone.core.session;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How sensitive data is, as words on one ladder (lowest first), so that a page's own mark can be
 * weighed against IT's word for its site. A page may raise its data's sensitivity (a payroll page
 * on a confidential site marking itself secret), never lower it: IT's word is the floor, and a
 * word of IT's that is not on the ladder stands as it is.
 */
public final class DataSensitivity {
    /** The words a page may use, lowest first. */
    public static final List<String> LADDER = List.of("public", "internal", "confidential", "restricted", "secret");

    private DataSensitivity() {
    }

    /** A page's own word (a meta tag or a response header), if it is one of the ladder's; anything else is no mark. */
    public static Optional<String> fromPage(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String word = raw.strip().toLowerCase(Locale.ROOT);
        return LADDER.contains(word) ? Optional.of(word) : Optional.empty();
    }

    /** The higher of two page marks (a header and a meta tag of one page). */
    public static Optional<String> higher(Optional<String> a, Optional<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        return Optional.of(LADDER.indexOf(a.get()) >= LADDER.indexOf(b.get()) ? a.get() : b.get());
    }

    /** IT's word for the data, raised by the page's own mark when that is higher. */
    public static String raise(String itsWord, Optional<String> pageMark) {
        if (pageMark.isEmpty()) {
            return itsWord;
        }
        if (itsWord.equals(Task.UNKNOWN_SENSITIVITY)) {
            return pageMark.get();
        }
        int its = LADDER.indexOf(itsWord.toLowerCase(Locale.ROOT));
        return its >= 0 && LADDER.indexOf(pageMark.get()) > its ? pageMark.get() : itsWord;
    }
}
