package io.lockdoctor.cli.render;

/**
 * Text from a database or a log is data, never terminal control: the one decision of which
 * characters a terminal could act on, and how they are shown instead. C0 controls (ESC, BEL,
 * line breaks), DEL, C1 controls (CSI, OSC as single characters), Unicode line separators and the
 * bidirectional overrides and isolates that reorder what a reader sees are written as escapes:
 * {@code \n}, {@code \r}, {@code \t}, or {@code \}{@code u001b}. The escapes are also JSON's, so
 * text escaped this way inside a JSON string still reads back as the exact value.
 */
public final class TerminalText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TerminalText() {
    }

    /** {@code value} fit to print within one line: every control escaped, line breaks included; null stays null. */
    public static String escape(String value) {
        return escape(value, false);
    }

    /**
     * {@code text} as a terminal may receive it from lockdoctor itself: line breaks and tabs are
     * layout and pass, every other control is escaped.
     */
    public static String escapeKeepingLayout(String text) {
        return escape(text, true);
    }

    /** Whether a terminal could act on {@code c} (or reorder text around it) rather than show it. */
    public static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u2028' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }

    private static String escape(String value, boolean keepLayout) {
        if (value == null) {
            return null;
        }
        int first = firstToEscape(value, keepLayout);
        if (first < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 16).append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isControl(c) || (keepLayout && isLayout(c))) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static int firstToEscape(String value, boolean keepLayout) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c) && !(keepLayout && isLayout(c))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isLayout(char c) {
        return c == '\n' || c == '\r' || c == '\t';
    }
}
