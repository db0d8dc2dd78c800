package io.lockdoctor.cli.render;

import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.model.MigrationRow;
import io.lockdoctor.core.model.MigrationTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Streams {@code history} rows as text, JSON (README, JSON) or CSV without holding a table in memory. */
public abstract sealed class HistoryOutput implements LockDoctor.HistorySink {

    public static HistoryOutput text(PrintWriter out) {
        return new Text(out);
    }

    public static HistoryOutput json(PrintWriter out) {
        return new JsonRows(out);
    }

    public static HistoryOutput csv(PrintWriter out) {
        return new Csv(out);
    }

    /** The Smile CDR module of the tables that follow, null outside a Smile configuration. */
    protected String module;

    public void module(String moduleId) {
        this.module = moduleId;
    }

    /** Called once after the last table, also when there was none. */
    public abstract void finish();

    static List<String> cells(MigrationRow r) {
        List<String> cells = new ArrayList<>(11);
        cells.add(Integer.toString(r.installedRank()));
        cells.add(r.version());
        cells.add(r.description());
        cells.add(r.type());
        cells.add(r.script());
        cells.add(r.checksum() == null ? null : r.checksum().toString());
        cells.add(r.installedBy());
        cells.add(r.installedOn() == null ? null : r.installedOn().toString());
        cells.add(Integer.toString(r.executionTime()));
        cells.add(Boolean.toString(r.success()));
        cells.add(r.result());
        return cells;
    }

    private static final List<String> HEADERS = List.of("installed_rank", "version", "description", "type", "script",
            "checksum", "installed_by", "installed_on", "execution_time", "success", "result");

    private static final class Text extends HistoryOutput {
        private static final List<String> TEXT_HEADERS = List.of("Rank", "Version", "Description", "Type",
                "Installed by", "Installed on", "Time ms", "Success", "Result");
        private static final int SAMPLE_ROWS = 2000;
        private final PrintWriter out;
        private TextTable table;

        Text(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void beginTable(MigrationTable t) {
            out.println((module == null ? "" : "[" + module + "] ") + t.location().kind()
                    + (t.location().schema() == null ? "" : " in " + t.location().schema()));
            table = new TextTable(out, TEXT_HEADERS, SAMPLE_ROWS);
        }

        @Override
        public void row(MigrationRow r) {
            String description = r.isLock() ? "LOCK " + r.description() : r.description();
            table.row(java.util.Arrays.asList(Integer.toString(r.installedRank()), r.version(), description, r.type(),
                    r.installedBy(), r.installedOn() == null ? null : r.installedOn().toString(),
                    Integer.toString(r.executionTime()), r.success() ? "yes" : "FAILED", r.result()));
        }

        @Override
        public void endTable(MigrationTable t) {
            table.finish();
            out.println();
        }

        @Override
        public void finish() {
            out.flush();
        }
    }

    private static final class JsonRows extends HistoryOutput {
        private final JsonWriter json;

        JsonRows(PrintWriter out) {
            this.json = Json.streaming(out);
            json.startObject().name("tables").startArray();
        }

        @Override
        public void beginTable(MigrationTable t) {
            json.startObject()
                    .member("module", module)
                    .member("table", t.location().kind().name())
                    .member("schema", t.location().schema())
                    .name("rows").startArray();
        }

        @Override
        public void row(MigrationRow r) {
            json.startObject()
                    .member("installedRank", r.installedRank())
                    .member("version", r.version())
                    .member("description", r.description())
                    .member("type", r.type())
                    .member("script", r.script())
                    .member("checksum", r.checksum())
                    .member("installedBy", r.installedBy())
                    .member("installedOn", r.installedOn() == null ? null : r.installedOn().toString())
                    .member("executionTime", r.executionTime())
                    .member("success", r.success())
                    .member("result", r.result())
                    .endObject();
        }

        @Override
        public void endTable(MigrationTable t) {
            json.endArray().endObject();
        }

        @Override
        public void finish() {
            json.endArray().endObject().finish();
        }
    }

    private static final class Csv extends HistoryOutput {
        private final PrintWriter out;
        private String table;
        private String schema;

        Csv(PrintWriter out) {
            this.out = out;
            List<String> header = new ArrayList<>(List.of("table", "schema"));
            header.addAll(HEADERS);
            line(header);
        }

        @Override
        public void beginTable(MigrationTable t) {
            table = t.location().kind().name();
            schema = t.location().schema();
        }

        @Override
        public void row(MigrationRow r) {
            List<String> cells = new ArrayList<>(13);
            cells.add(table);
            cells.add(schema);
            cells.addAll(cells(r));
            line(cells);
        }

        @Override
        public void finish() {
            out.flush();
        }

        /**
         * RFC 4180: quote fields holding a comma or quote; double the quotes. Control characters,
         * line breaks included, are escaped: one row is one line, on a terminal as in a file.
         */
        private void line(List<String> cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                String cell = cells.get(i) == null ? "" : TerminalText.escape(cells.get(i));
                if (i > 0) {
                    line.append(',');
                }
                if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0) {
                    line.append('"').append(cell.replace("\"", "\"\"")).append('"');
                } else {
                    line.append(cell);
                }
            }
            out.print(line);
            out.print("\r\n");
        }
    }
}
