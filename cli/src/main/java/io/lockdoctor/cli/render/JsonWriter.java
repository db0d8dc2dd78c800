package io.lockdoctor.cli.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * Writes JSON in the one layout lockdoctor prints (which automation diffs and runbooks quote):
 * objects one member a line, indented two spaces per enclosing object, {@code "name" : value};
 * arrays on the line they open, {@code [ 1, 2 ]}, an object in them opening where it stands;
 * {@code { }} and {@code [ ]} when empty. Strings escape {@code "}, {@code \}, and control
 * characters ({@code \n}, {@code \t}, {@code \r}, {@code \b}, {@code \f}, else {@code \}{@code u00XX});
 * other characters are written as they are.
 *
 * <p>Documents are records of strings, booleans, whole numbers, enums, lists and maps: a record's
 * members are its components in declaration order. Any other type is refused, not guessed at. The
 * writer is small on purpose: a general JSON library's start-up (its mapper, date formats and bean
 * introspection) was a third of a short command's own CPU.
 */
final class JsonWriter {
    private static final String NEWLINE = System.lineSeparator();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            return type.getRecordComponents();
        }
    };

    /** An open object or array, and how many members or elements it has so far. */
    private static final class Open {
        final boolean object;
        int count;

        Open(boolean object) {
            this.object = object;
        }
    }

    /** Text goes to {@link #out} in pieces this large at most: each write passes the terminal filter. */
    private static final int DRAIN_AT = 8192;

    private final Writer out;
    /**
     * What is written and not yet passed on: one write per element of an array (a streamed row, an
     * event) or per {@link #DRAIN_AT} characters, not one per token.
     */
    private final StringBuilder pending = new StringBuilder();
    private final Deque<Open> open = new ArrayDeque<>();
    /** Objects enclosing the current position: the indentation, in steps of two spaces. */
    private int objects;

    JsonWriter(Writer out) {
        this.out = out;
    }

    JsonWriter startObject() {
        beforeValue();
        raw('{');
        open.push(new Open(true));
        objects++;
        return this;
    }

    JsonWriter endObject() {
        Open closing = open.pop();
        objects--;
        if (closing.count > 0) {
            indent();
        } else {
            raw(' ');
        }
        raw('}');
        Open container = open.peek();
        if (container != null && !container.object) {
            drain();
        }
        return this;
    }

    JsonWriter startArray() {
        beforeValue();
        raw('[');
        open.push(new Open(false));
        return this;
    }

    JsonWriter endArray() {
        open.pop();
        raw(' ');
        raw(']');
        return this;
    }

    /** The next member's name; its value follows. */
    JsonWriter name(String name) {
        Open object = open.peek();
        if (object == null || !object.object) {
            throw new IllegalStateException("a member name outside an object: " + name);
        }
        if (object.count++ > 0) {
            raw(',');
        }
        indent();
        string(name);
        raw(" : ");
        return this;
    }

    JsonWriter member(String name, Object value) {
        return name(name).value(value);
    }

    /** Any value a document holds (see the class comment). */
    JsonWriter value(Object value) {
        if (value == null) {
            beforeValue();
            raw("null");
        } else if (value instanceof CharSequence text) {
            beforeValue();
            string(text.toString());
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte) {
            beforeValue();
            raw(value.toString());
        } else if (value instanceof Enum<?> constant) {
            beforeValue();
            string(constant.name());
        } else if (value instanceof Collection<?> elements) {
            startArray();
            elements.forEach(this::value);
            endArray();
        } else if (value instanceof Map<?, ?> members) {
            startObject();
            members.forEach((name, member) -> member(String.valueOf(name), member));
            endObject();
        } else if (value instanceof Record record) {
            startObject();
            for (RecordComponent component : COMPONENTS.get(record.getClass())) {
                member(component.getName(), read(component, record));
            }
            endObject();
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
        return this;
    }

    /** A line break after the document, then everything written reaches the writer's target. */
    void finish() {
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " object(s) or array(s) left open");
        }
        raw(NEWLINE);
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("could not read " + component, e);
        }
    }

    /** An array's element follows "[ " or ", "; a member's value follows its name. */
    private void beforeValue() {
        Open container = open.peek();
        if (container != null && !container.object) {
            raw(container.count++ > 0 ? ", " : " ");
        }
    }

    private void indent() {
        raw(NEWLINE);
        for (int i = 0; i < objects; i++) {
            raw("  ");
        }
    }

    private void string(String text) {
        pending.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> pending.append("\\\"");
                case '\\' -> pending.append("\\\\");
                case '\n' -> pending.append("\\n");
                case '\t' -> pending.append("\\t");
                case '\r' -> pending.append("\\r");
                case '\b' -> pending.append("\\b");
                case '\f' -> pending.append("\\f");
                default -> {
                    if (c < 0x20) {
                        pending.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        pending.append(c);
                    }
                }
            }
        }
        raw('"');
    }

    private void raw(char c) {
        pending.append(c);
    }

    private void raw(String s) {
        pending.append(s);
        if (pending.length() >= DRAIN_AT) {
            drain();
        }
    }

    private void drain() {
        try {
            out.write(pending.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pending.setLength(0);
    }
}
