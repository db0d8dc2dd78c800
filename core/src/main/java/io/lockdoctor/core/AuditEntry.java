package io.lockdoctor.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One audit line: who, where, which row, on what evidence, and what happened.
 *
 * @param event {@code INTENT} before the delete, {@code OUTCOME} after it
 * @param url the database URL without secrets
 * @param row the lock row's columns as read (values as text)
 * @param evidence the evidence kinds and what was observed, one string each
 * @param result for OUTCOME, the {@link ClearResult}; null for INTENT
 */
record AuditEntry(Instant time, String event, String osUser, String host, String url, String schema,
        String table, Map<String, String> row, String verdict, List<String> evidence, boolean forced, String result,
        String message) {

    public AuditEntry {
        // Column values may be null (version, checksum, result): Map.copyOf would refuse them.
        row = row == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(row));
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** One line of JSON, keys in a fixed order, no line breaks inside. */
    public String toJsonLine() {
        List<String> fields = new ArrayList<>();
        fields.add(field("time", time.toString()));
        fields.add(field("event", event));
        fields.add(field("osUser", osUser));
        fields.add(field("host", host));
        fields.add(field("url", url));
        fields.add(field("schema", schema));
        fields.add(field("table", table));
        List<String> rowFields = new ArrayList<>();
        row.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> rowFields.add(field(e.getKey(), e.getValue())));
        fields.add(quote("row") + ":{" + String.join(",", rowFields) + "}");
        fields.add(field("verdict", verdict));
        fields.add(quote("evidence") + ":[" + String.join(",", evidence.stream().map(AuditEntry::quote).toList()) + "]");
        fields.add(quote("forced") + ":" + forced);
        fields.add(field("result", result));
        fields.add(field("message", message));
        return "{" + String.join(",", fields) + "}";
    }

    private static String field(String name, String value) {
        return quote(name) + ":" + (value == null ? "null" : quote(value));
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
