package dev.chaperone.audit.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chaperone.audit.AuditStoreException;
import dev.chaperone.core.audit.RecordedEntry;

/** One exported line per entry: OCSF for a SIEM, or Chaperone's own JSON. */
public enum ExportFormat {
    OCSF, JSONL;

    private static final ObjectMapper JSON = new ObjectMapper();

    public String line(RecordedEntry recorded, OcsfMapper ocsf) {
        try {
            if (this == OCSF) {
                return JSON.writeValueAsString(ocsf.map(recorded));
            }
            ObjectNode out = JSON.createObjectNode().put("seq", recorded.seq()).put("at", recorded.entry().at().toString())
                    .put("type", recorded.entry().event().type());
            recorded.entry().who().ifPresent(who -> out.set("who", JSON.valueToTree(who)));
            out.set("event", JSON.valueToTree(recorded.entry().event()));
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new AuditStoreException("Cannot export row " + recorded.seq() + ": " + e.getMessage(), e);
        }
    }
}
