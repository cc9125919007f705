package dev.chaperone.core.audit;

import java.util.List;

/** Reads the trail back, oldest first, for the command line, exports and forwarding. */
public interface AuditReader {
    /** Up to {@code limit} entries with a sequence number above {@code afterSeq}. */
    List<RecordedEntry> readAfter(long afterSeq, int limit);
}
