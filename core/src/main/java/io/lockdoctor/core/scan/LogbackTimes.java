package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Reads Logback's default timestamp, {@code 2025-03-11 03:00:04.101} followed by a space, straight from
 * the bytes: the line head of every message a crash loop repeats by the million. The date is parsed
 * once per day of log. Any other shape returns {@code null} and is left to {@link Timestamps}, which
 * reads this one shape to the same value.
 */
final class LogbackTimes {
    /** {@code yyyy-MM-dd HH:mm:ss.SSS}. */
    static final int LENGTH = 23;

    private long lastDateBytes = -1;
    private short lastDateTail = -1;
    private LocalDate lastDate;

    /** The timestamp at {@code at}, when {@code [at, end)} starts with it and a space; else {@code null}. */
    LogTimestamp read(ByteBuffer b, int at, int end) {
        if (end - at < LENGTH + 1 || b.get(at + LENGTH) != ' ' || b.get(at + 4) != '-' || b.get(at + 7) != '-'
                || b.get(at + 10) != ' ' || b.get(at + 13) != ':' || b.get(at + 16) != ':'
                || (b.get(at + 19) != '.' && b.get(at + 19) != ',')) {
            return null;
        }
        int hour = twoDigits(b, at + 11);
        int minute = twoDigits(b, at + 14);
        int second = twoDigits(b, at + 17);
        int centis = twoDigits(b, at + 20);
        int lastDigit = digit(b.get(at + 22));
        if ((hour | minute | second | centis | lastDigit) < 0) {
            return null;
        }
        LocalDate date = date(b, at);
        if (date == null) {
            return null;
        }
        try {
            return new LogTimestamp(LocalDateTime.of(date, LocalTime.of(hour, minute, second,
                    (centis * 10 + lastDigit) * 1_000_000)),
                    null);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private LocalDate date(ByteBuffer b, int at) {
        long head = b.getLong(at);
        short tail = b.getShort(at + 8);
        if (head == lastDateBytes && tail == lastDateTail && lastDate != null) {
            return lastDate;
        }
        int century = twoDigits(b, at);
        int yearOfCentury = twoDigits(b, at + 2);
        int month = twoDigits(b, at + 5);
        int day = twoDigits(b, at + 8);
        if ((century | yearOfCentury | month | day) < 0) {
            return null;
        }
        int year = century * 100 + yearOfCentury;
        try {
            lastDate = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
        lastDateBytes = head;
        lastDateTail = tail;
        return lastDate;
    }

    /** The two decimal digits at {@code at}, or a negative number. */
    private static int twoDigits(ByteBuffer b, int at) {
        int high = digit(b.get(at));
        int low = digit(b.get(at + 1));
        return (high | low) < 0 ? -1 : high * 10 + low;
    }

    private static int digit(byte c) {
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }
}
