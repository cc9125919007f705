package dev.chaperone.audit;

/** The result of re-checking the hash chain: intact, or the first row where it breaks and why. */
public record ChainVerification(boolean intact, long rows, long firstBadRow, String problem) {
    static ChainVerification intact(long rows) {
        return new ChainVerification(true, rows, 0, "");
    }

    static ChainVerification broken(long rows, long firstBadRow, String problem) {
        return new ChainVerification(false, rows, firstBadRow, problem);
    }

    public String describe() {
        return intact
                ? "Audit log intact: " + rows + " events, hash chain verified."
                : "Audit log TAMPERED: row " + firstBadRow + " " + problem + ".";
    }
}
