package dev.chaperone.audit.export;

import dev.chaperone.core.audit.RecordedEntry;

import java.io.IOException;
import java.util.List;

/** Where forwarded entries go. {@link #send} returns only once the batch was handed over. */
public interface Destination extends AutoCloseable {
    /** A stable name, used for the cursor file that remembers how far forwarding got. */
    String name();

    void send(List<RecordedEntry> batch, List<String> lines) throws IOException;

    /**
     * True when everything sent before {@code sentBefore} is known to have arrived. HTTPS knows at
     * once (the collector answered 2xx); syslog over TCP has no answer, so it waits a moment and
     * checks that the receiver still holds the connection.
     */
    boolean confirms(long sentAtNanos) throws IOException;

    @Override
    void close();
}
