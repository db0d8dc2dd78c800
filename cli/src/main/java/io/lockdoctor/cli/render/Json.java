package io.lockdoctor.cli.render;

import java.io.Writer;

/** One place that decides how JSON is written: {@link JsonWriter}'s layout, times as ISO strings, nulls kept. */
public final class Json {
    private Json() {
    }

    /** A whole document (a record, see {@link JsonWriter}), then a line break; the writer stays open. */
    public static void write(Writer out, Object document) {
        JsonWriter json = new JsonWriter(out);
        json.value(document);
        json.finish();
    }

    /** A writer for documents too large to build in memory, written member by member. */
    static JsonWriter streaming(Writer out) {
        return new JsonWriter(out);
    }
}
