package io.lockdoctor.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** One place that decides how JSON is written: pretty, ISO times as strings, nulls kept. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    public static void write(Writer out, Object document) {
        try {
            MAPPER.writeValue(nonClosing(out), document);
            out.write(System.lineSeparator());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A streaming generator for documents too large to build in memory. */
    public static JsonGenerator generator(Writer out) {
        try {
            return MAPPER.getFactory().createGenerator(nonClosing(out)).useDefaultPrettyPrinter()
                    .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Writer nonClosing(Writer out) {
        return new java.io.FilterWriter(out) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
