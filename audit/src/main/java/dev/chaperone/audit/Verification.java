package dev.chaperone.audit;

/**
 * The result of re-checking an audit file: intact, or the first problem found. A problem names a
 * row ({@code firstBadRow}), or is about the file as a whole (a missing tail, a bad archive) with
 * {@code firstBadRow} 0.
 */
public record Verification(boolean intact, long rows, long firstSeq, long lastSeq, int checkpoints,
                           int archives, long firstBadRow, String problem) {

    public String describe() {
        if (!intact) {
            return "Audit log TAMPERED: " + (firstBadRow > 0 ? "row " + firstBadRow + " " : "") + problem + ".";
        }
        String range = rows == 0 ? "no events" : rows + " events (rows " + firstSeq + " to " + lastSeq + ")";
        return "Audit log intact: " + range + ", hash chain and " + checkpoints + " signed checkpoints verified"
                + (archives == 0 ? "" : ", " + archives + " signed archive files verified") + ".";
    }
}
