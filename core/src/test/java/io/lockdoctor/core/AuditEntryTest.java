package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One audit record as one line of JSON: every field kept, keys in a fixed order, text escaped. */
class AuditEntryTest {

    @Test
    void everyFieldIsWrittenInItsPlaceWithTheRowSortedByColumn() {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("version", null);
        row.put("installed_rank", "-100");
        row.put("description", "");
        AuditEntry entry = new AuditEntry(Instant.parse("2026-11-30T10:00:00Z"), "OUTCOME", "dba", "host 1", "jdbc:h2:mem:x",
                null, "FLY_HFJ_MIGRATION", row, "UNCERTAIN", List.of("LOCK_AGE: 3d", "WINDOW: 10s"), true, "DELETED",
                "Deleted the lock");

        assertThat(entry.toJsonLine()).isEqualTo("{\"time\":\"2026-11-30T10:00:00Z\",\"event\":\"OUTCOME\","
                + "\"osUser\":\"dba\",\"host\":\"host 1\",\"url\":\"jdbc:h2:mem:x\",\"schema\":null,"
                + "\"table\":\"FLY_HFJ_MIGRATION\",\"row\":{\"description\":\"\",\"installed_rank\":\"-100\","
                + "\"version\":null},\"verdict\":\"UNCERTAIN\",\"evidence\":[\"LOCK_AGE: 3d\",\"WINDOW: 10s\"],"
                + "\"forced\":true,\"result\":\"DELETED\",\"message\":\"Deleted the lock\"}");
    }

    @Test
    void noRowAndNoEvidenceAreEmptyNotMissing() {
        AuditEntry entry = new AuditEntry(Instant.parse("2026-11-30T10:00:00Z"), "INTENT", "dba", "h", "u", "public",
                "FLY_CDR_MIGRATION", null, "STALE", null, false, null, "about to delete");

        assertThat(entry.row()).isEmpty();
        assertThat(entry.evidence()).isEmpty();
        assertThat(entry.toJsonLine()).contains("\"row\":{},").contains("\"evidence\":[],").contains("\"result\":null,");
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscapedAndASpaceIsNot() {
        assertThat(AuditEntry.quote("a \"b\"\\c\n\r\t\u0000\u001f ~")).isEqualTo(
                "\"a \\\"b\\\"\\\\c\\n\\r\\t\\u0000\\u001f ~\"");
        assertThat(AuditEntry.quote("")).isEqualTo("\"\"");
    }
}
