package io.lockdoctor.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table that streams: column widths come from the header and the first rows (up to
 * {@code sampleSize}); later rows are cut to those widths so memory stays bounded however many
 * rows follow. Values are single-line: control characters are escaped ({@link TerminalText}).
 */
public final class TextTable {
    private static final int MAX_WIDTH = 60;

    private final PrintWriter out;
    private final List<String> headers;
    private final int sampleSize;
    private final List<List<String>> sample = new ArrayList<>();
    private int[] widths;

    public TextTable(PrintWriter out, List<String> headers, int sampleSize) {
        this.out = out;
        this.headers = List.copyOf(headers);
        this.sampleSize = sampleSize;
    }

    public void row(List<String> values) {
        List<String> cleaned = values.stream().map(TextTable::clean).toList();
        if (widths == null) {
            sample.add(cleaned);
            if (sample.size() >= sampleSize) {
                flushSample();
            }
            return;
        }
        print(cleaned);
    }

    /** Prints what is buffered; call once after the last row. */
    public void finish() {
        if (widths == null) {
            flushSample();
        }
        out.flush();
    }

    private void flushSample() {
        widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> row : sample) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.min(MAX_WIDTH, Math.max(widths[i], row.get(i).length()));
            }
        }
        print(headers);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        sample.forEach(this::print);
        sample.clear();
    }

    private void print(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String value = values.get(i);
            if (value.length() > widths[i]) {
                value = value.substring(0, Math.max(0, widths[i] - 1)) + "…";
            }
            line.append(i == 0 ? "" : "  ").append(value);
            if (i < widths.length - 1) {
                line.append(" ".repeat(widths[i] - value.length()));
            }
        }
        out.println(line.toString().stripTrailing());
    }

    private static String clean(String value) {
        return value == null ? "" : TerminalText.escape(value);
    }
}
