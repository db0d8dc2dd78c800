package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * The date and time of a timestamp that a repeated line carries at a fixed place, in the layout of the
 * one remembered ({@code 2025-03-11T03:00:04.101}, {@code 2025-03-11 03:00:04,101234567}: whatever
 * {@link Timestamps} read there): digits where it had digits, its other bytes the same. Only that layout
 * is read, straight from the bytes, to the value {@link Timestamps} gives it; the date, hour and minute
 * are parsed once per minute of log. Anything else gives {@code null} and is left to the exact reading.
 */
final class LineStamp {
    /** {@code yyyy-MM-ddTHH:mm}: the part read once per minute. */
    private static final int MINUTE = 16;
    /** {@code yyyy-MM-ddTHH:mm:ss}: a fraction follows from here. */
    private static final int SECONDS_END = 19;

    /** The remembered date and time's bytes (its zone is not part of it). */
    private byte[] layout;
    /** The first sixteen bytes last read, and what they stand for. */
    private long lastHead;
    private long lastMiddle;
    private LocalDate lastDate;
    private int lastHour = -1;
    private int lastMinute;

    /** Remembers the layout of the date and time in {@code [at, end)}, as {@link Timestamps} read it. */
    void remember(ByteBuffer b, int at, int end) {
        layout = new byte[end - at];
        b.get(at, layout);
        lastHour = -1;
    }

    /** Bytes of the remembered date and time. */
    int length() {
        return layout.length;
    }

    /** The date and time at {@code at} (its bytes below the caller's end), or {@code null}. */
    LocalDateTime read(ByteBuffer b, int at) {
        byte[] l = layout;
        for (int k = MINUTE; k < l.length; k++) {
            if (!sameKind(b.get(at + k), l[k])) {
                return null;
            }
        }
        long head = word(b, at);
        long middle = word(b, at + 8);
        if (lastHour < 0 || head != lastHead || middle != lastMiddle) {
            if (!minute(b, at)) {
                return null;
            }
            lastHead = head;
            lastMiddle = middle;
        }
        int second = num(b, at + 17, 2);
        if (second > 59) {
            return null;
        }
        int nanos = 0;
        int scale = 100_000_000;
        for (int k = SECONDS_END + 1; k < l.length; k++) {
            nanos += (b.get(at + k) - '0') * scale;
            scale /= 10;
        }
        return LocalDateTime.of(lastDate, LocalTime.of(lastHour, lastMinute, second, nanos));
    }

    /** Reads the date, hour and minute at {@code at} when they are in the layout and valid. */
    private boolean minute(ByteBuffer b, int at) {
        for (int k = 0; k < MINUTE; k++) {
            if (!sameKind(b.get(at + k), layout[k])) {
                return false;
            }
        }
        int hour = num(b, at + 11, 2);
        int minute = num(b, at + 14, 2);
        if (hour > 23 || minute > 59) {
            return false;
        }
        try {
            lastDate = LocalDate.of(num(b, at, 4), num(b, at + 5, 2), num(b, at + 8, 2));
        } catch (DateTimeException e) {
            return false;
        }
        lastHour = hour;
        lastMinute = minute;
        return true;
    }

    /** Eight bytes as a little-endian word, whatever the buffer's order. */
    private static long word(ByteBuffer b, int at) {
        long w = b.getLong(at);
        return b.order() == ByteOrder.LITTLE_ENDIAN ? w : Long.reverseBytes(w);
    }

    /** A digit where the layout has one, else the layout's byte. */
    private static boolean sameKind(byte c, byte expected) {
        return isDigit(expected) ? isDigit(c) : c == expected;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int num(ByteBuffer b, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            v = v * 10 + (b.get(i) - '0');
        }
        return v;
    }
}
