package dev.chaperone.browser;

import dev.chaperone.core.session.DataSensitivity;

import java.util.Optional;

/**
 * The shown page's own word for how sensitive its data is: its response header
 * ({@code Data-Classification}, or {@code X-Data-Classification}) and its
 * {@code <meta name="data-classification">}, the higher of the two. Only words of
 * {@link DataSensitivity#LADDER} count, and the policy only ever raises IT's word with it.
 */
final class PageMark {
    static final String META_SCRIPT = "(function(){var m=document.querySelector('meta[name=\"data-classification\" i]');"
            + "return m?String(m.content):'';})()";

    private volatile Optional<String> fromLastResponse = Optional.empty();
    private volatile Optional<String> current = Optional.empty();

    /** A main-frame response arrived: its header, until its document starts. */
    void responded(String header, String xHeader) {
        fromLastResponse = DataSensitivity.higher(DataSensitivity.fromPage(header), DataSensitivity.fromPage(xHeader));
    }

    /** A new document started in the main frame: the mark of the response it came with, if any. */
    void documentStarted() {
        current = fromLastResponse;
        fromLastResponse = Optional.empty();
    }

    /** The document's meta tag, read once it loaded. */
    void metaRead(String content) {
        current = DataSensitivity.higher(current, DataSensitivity.fromPage(content));
    }

    Optional<String> current() {
        return current;
    }
}
