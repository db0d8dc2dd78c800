package io.lockdoctor.core.scan;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the timestamps log lines start with: Logback's {@code 2025-03-11 10:00:00.123}, ISO-8601 with
 * {@code T}, comma or dot fractions, and {@code Z} / {@code +01:00} / {@code +0100} offsets (CRI,
 * Docker and Logstash times). Hand-written: it runs on every line of a candidate window.
 */
final class Timestamps {
    private Timestamps() {
    }

    /** The timestamp starting exactly at {@code at}, or {@code null}. */
    static LogTimestamp parseAt(CharSequence s, int at) {
        return parseAt(s, at, null);
    }

    /**
     * The timestamp starting exactly at {@code at}, or {@code null}. When given, {@code end[0]} is set to
     * the index after its last character and {@code end[1]}, if there, to the index after its date and
     * time, before its zone.
     */
    static LogTimestamp parseAt(CharSequence s, int at, int[] end) {
        int n = s.length();
        if (at < 0 || at + 19 > n) {
            return null;
        }
        if (!digits(s, at, 4) || s.charAt(at + 4) != '-' || !digits(s, at + 5, 2) || s.charAt(at + 7) != '-'
                || !digits(s, at + 8, 2) || (s.charAt(at + 10) != ' ' && s.charAt(at + 10) != 'T')
                || !digits(s, at + 11, 2) || s.charAt(at + 13) != ':' || !digits(s, at + 14, 2)
                || s.charAt(at + 16) != ':' || !digits(s, at + 17, 2)) {
            return null;
        }
        int p = at + 19;
        int nanos = 0;
        if (p < n && (s.charAt(p) == '.' || s.charAt(p) == ',')) {
            int q = p + 1;
            int scale = 100_000_000;
            while (q < n && isDigit(s.charAt(q)) && q - p <= 9) {
                nanos += (s.charAt(q) - '0') * scale;
                scale /= 10;
                q++;
            }
            if (q == p + 1) {
                return null;
            }
            p = q;
        }
        ZoneOffset offset = null;
        int stop = p;
        if (p < n) {
            char c = s.charAt(p);
            if (c == 'Z') {
                offset = ZoneOffset.UTC;
                stop = p + 1;
            } else if ((c == '+' || c == '-') && p + 3 <= n && digits(s, p + 1, 2)) {
                int hours = num(s, p + 1, 2);
                int minutes = 0;
                int q = p + 3;
                stop = q;
                if (q < n && s.charAt(q) == ':' && q + 3 <= n && digits(s, q + 1, 2)) {
                    minutes = num(s, q + 1, 2);
                    stop = q + 3;
                } else if (q + 2 <= n && digits(s, q, 2)) {
                    minutes = num(s, q, 2);
                    stop = q + 2;
                }
                try {
                    offset = ZoneOffset.ofHoursMinutes(c == '-' ? -hours : hours, c == '-' ? -minutes : minutes);
                } catch (DateTimeException e) {
                    offset = null;
                }
            }
        }
        try {
            LocalDateTime dateTime = LocalDateTime.of(num(s, at, 4), num(s, at + 5, 2), num(s, at + 8, 2),
                    num(s, at + 11, 2), num(s, at + 14, 2), num(s, at + 17, 2), nanos);
            if (end != null) {
                end[0] = stop;
                if (end.length > 1) {
                    end[1] = p;
                }
            }
            return new LogTimestamp(dateTime, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A timestamp at the start of a log line's text: after blanks and an optional {@code [}. */
    static LogTimestamp parseLeading(CharSequence s) {
        return parseAt(s, leadingAt(s));
    }

    /** Where {@link #parseLeading} reads the timestamp of {@code s}: after blanks and an optional {@code [}. */
    static int leadingAt(CharSequence s) {
        int p = 0;
        int n = s.length();
        while (p < n && p < 8 && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
            p++;
        }
        if (p < n && s.charAt(p) == '[') {
            p++;
        }
        return p;
    }

    private static boolean digits(CharSequence s, int at, int count) {
        for (int i = at; i < at + count; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int num(CharSequence s, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
