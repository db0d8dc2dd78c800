package io.lockdoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lockdoctor.core.model.HistoryColumn;
import io.lockdoctor.core.model.InstalledOn;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.MigrationRow;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.model.TableLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * lockdoctor's JSON is byte for byte what it printed when a general JSON library (Jackson, pretty
 * printer) wrote it: automation diffs it and runbooks quote it. Each document here is written by
 * both and compared whole.
 */
class JsonWriterTest {
    private static final String NL = System.lineSeparator();
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** Every character a database or log can hand over: quotes, escapes, control bytes, non-ASCII, surrogate pairs. */
    private static final String HOSTILE = "q\"uote \\back /slash \n\r\t\b\f \u0000\u0001\u001b[31m\u001f \u007f "
            + "é ü ß 漢字 \uD83D\uDE00 \u2028\u2029 end";

    @Test
    void aStatusDocumentIsWrittenAsJacksonWroteIt() throws IOException {
        StatusDocument.Session session = new StatusDocument.Session("4711", "hapi", "10.0.0.5:5432", HOSTILE,
                "2026-12-01T10:00:00Z", "SELECT 1", "ACTIVE", "runs a statement on the history table",
                "SELECT pg_terminate_backend(4711);", "running", null, true, 3);
        StatusDocument.Table locked = new StatusDocument.Table("FLY_HFJ_MIGRATION", "public", true, 1234L, "8.6.1.1",
                List.of(new StatusDocument.Failed(12, "7.0.0.1", HOSTILE, "2026-11-30")),
                new StatusDocument.Lock("7d0f6b2e-4a55-4c1b-9d5e-0d9f1e2a3b4c", "2026-11-28", 172800L,
                        "INSTALLED_ON_DAY", "V8_6_1"),
                "ACTIVE", HOSTILE, List.of(new StatusDocument.EvidenceItem("LOCK_ROW", "x", HOSTILE),
                        new StatusDocument.EvidenceItem("LOCK_AGE", null, "")),
                List.of(session), List.of("run again with --observe 10s or longer", HOSTILE));
        StatusDocument.Table missing = new StatusDocument.Table("FLY_CDR_MIGRATION", null, false, 0, null, List.of(),
                null, "NO_LOCK", "", List.of(), List.of(), List.of());
        StatusDocument document = new StatusDocument("ACTIVE", List.of(
                new StatusDocument.Database("clustermgr", "jdbc:postgresql://db/cdr", "PostgreSQL 15", "postgresql",
                        null, List.of("public", "hapi"), List.of(missing, locked)),
                new StatusDocument.Database(null, "jdbc:h2:mem:x", null, null, "could not connect: " + HOSTILE,
                        List.of(), List.of())));

        assertSameAsJackson(document);
    }

    @Test
    void scanLogAndDoctorDocumentsAreWrittenAsJacksonWroteThem() throws IOException {
        ScanLogDocument.Location first = new ScanLogDocument.Location("/var/log/smile.log", 1L, "2026-12-01T03:00:04Z");
        ScanLogDocument.Location last = new ScanLogDocument.Location("smile.log.gz", 9_876_543_210L, null);
        ScanLogDocument logs = new ScanLogDocument(
                List.of(new ScanLogDocument.Finding("FLY_HFJ_MIGRATION", "u", "HAPI-2153", 2482, first, last)),
                List.of(new ScanLogDocument.Event("LOCK_WAIT", null, "FLY_HFJ_MIGRATION", HOSTILE, 3, null),
                        new ScanLogDocument.Event("LOCK_FAILED", "u", null, "f", Long.MAX_VALUE, "t")),
                2, 1L << 40);
        assertSameAsJackson(logs);
        assertSameAsJackson(new ScanLogDocument(List.of(), List.of(), 0, 0));

        DoctorDocument doctor = new DoctorDocument("STALE", HOSTILE, List.of(), logs,
                List.of(new DoctorDocument.CrossCheck("FLY_HFJ_MIGRATION", "u", null, "SAME_LOCK", HOSTILE)),
                List.of("lockdoctor clear --dry-run", ""));
        assertSameAsJackson(doctor);
        assertSameAsJackson(new DoctorDocument("NO_LOCK", "", List.of(), null, List.of(), List.of()));
    }

    record Empty() {
    }

    record Mixed(Empty empty, List<List<Integer>> nested, Map<String, Object> members, List<Object> things,
            Integer none, short small, byte tiny, KnownTable kind) {
    }

    @Test
    void emptyObjectsNestedArraysMapsAndEnumsAreWrittenAsJacksonWroteThem() throws IOException {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("z", List.of());
        members.put("a", new Empty());
        members.put(HOSTILE, Map.of());
        members.put("n", null);
        assertSameAsJackson(new Mixed(new Empty(), List.of(List.of(), List.of(1, 2), List.of(3)), members,
                Arrays.asList(null, "s", true, 5L, new Empty(), List.of(new Empty())), null, (short) -3, (byte) 7,
                KnownTable.FLY_HFJ_MIGRATION));
        assertSameAsJackson(List.of());
        assertSameAsJackson(new Empty());
        assertSameAsJackson(HOSTILE);
    }

    @Test
    void historyRowsStreamedAreWhatJacksonsGeneratorWrote() throws IOException {
        MigrationTable table = new MigrationTable(new TableLocation(null, "public", "FLY_HFJ_MIGRATION",
                KnownTable.FLY_HFJ_MIGRATION), Map.of(HistoryColumn.INSTALLED_RANK, "installed_rank"), Types.DATE);
        List<MigrationRow> rows = List.of(
                new MigrationRow(-100, null, "7d0f6b2e", "JDBC", "HAPI FHIR", null, "V8_6_1",
                        InstalledOn.ofDay(LocalDate.of(2026, 11, 28)), 0, true, null),
                new MigrationRow(1, "1.0", HOSTILE, "SQL", "V1__init.sql", -123456, "hapi", null, 42, false, HOSTILE));

        StringWriter ours = new StringWriter();
        HistoryOutput json = HistoryOutput.json(new PrintWriter(ours));
        json.module("persistence");
        json.beginTable(table);
        rows.forEach(json::row);
        json.endTable(table);
        json.beginTable(table);
        json.endTable(table);
        json.finish();

        StringWriter theirs = new StringWriter();
        try (JsonGenerator g = JACKSON.getFactory().createGenerator(theirs).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeArrayFieldStart("tables");
            for (List<MigrationRow> tableRows : List.of(rows, List.<MigrationRow>of())) {
                g.writeStartObject();
                g.writeStringField("module", "persistence");
                g.writeStringField("table", "FLY_HFJ_MIGRATION");
                g.writeStringField("schema", "public");
                g.writeArrayFieldStart("rows");
                for (MigrationRow r : tableRows) {
                    g.writeStartObject();
                    g.writeNumberField("installedRank", r.installedRank());
                    g.writeStringField("version", r.version());
                    g.writeStringField("description", r.description());
                    g.writeStringField("type", r.type());
                    g.writeStringField("script", r.script());
                    if (r.checksum() == null) {
                        g.writeNullField("checksum");
                    } else {
                        g.writeNumberField("checksum", r.checksum());
                    }
                    g.writeStringField("installedBy", r.installedBy());
                    g.writeStringField("installedOn", r.installedOn() == null ? null : r.installedOn().toString());
                    g.writeNumberField("executionTime", r.executionTime());
                    g.writeBooleanField("success", r.success());
                    g.writeStringField("result", r.result());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw(System.lineSeparator());
        }
        assertThat(ours.toString()).isEqualTo(theirs.toString());
    }

    /**
     * Streamed rows reach the writer as each is complete (a reader of {@code history --format json} sees
     * them as they are read), in one write per row rather than one per token: each write passes the
     * terminal filter, which masks and escapes it.
     */
    @Test
    void eachArrayElementReachesTheWriterWhenCompleteInOneWrite() {
        List<String> writes = new java.util.ArrayList<>();
        Writer recording = new Writer() {
            @Override
            public void write(char[] chars, int offset, int length) {
                writes.add(new String(chars, offset, length));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        JsonWriter json = Json.streaming(recording);
        json.startObject().name("rows").startArray();
        json.startObject().member("rank", 1).member("description", "first").endObject();
        assertThat(String.join("", writes)).endsWith("\"description\" : \"first\"" + NL + "  }");
        int afterFirst = writes.size();
        json.startObject().member("rank", 2).member("description", "second").endObject();
        assertThat(writes).hasSize(afterFirst + 1);
        assertThat(writes.get(afterFirst)).startsWith(", {").endsWith("\"second\"" + NL + "  }");
        json.endArray().endObject().finish();
        assertThat(String.join("", writes)).isEqualTo("{" + NL + "  \"rows\" : [ {" + NL + "    \"rank\" : 1," + NL
                + "    \"description\" : \"first\"" + NL + "  }, {" + NL + "    \"rank\" : 2," + NL
                + "    \"description\" : \"second\"" + NL + "  } ]" + NL + "}" + NL);
        assertThat(writes).hasSize(afterFirst + 2);
    }

    @Test
    void aTypeWithoutAJsonFormIsRefusedNotGuessedAt() {
        assertThatThrownBy(() -> Json.write(Writer.nullWriter(), List.of(Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.time.Instant");
        assertThatThrownBy(() -> Json.write(Writer.nullWriter(), 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Double");
    }

    @Test
    void aMemberNameOutsideAnObjectIsAProgrammingError() {
        JsonWriter json = new JsonWriter(new StringWriter());
        json.startArray();
        assertThatThrownBy(() -> json.name("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(json::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("left open");
    }

    private static void assertSameAsJackson(Object document) throws IOException {
        StringWriter ours = new StringWriter();
        Json.write(ours, document);
        String theirs = JACKSON.writeValueAsString(document) + System.lineSeparator();
        assertThat(ours.toString()).isEqualTo(theirs);
    }
}
