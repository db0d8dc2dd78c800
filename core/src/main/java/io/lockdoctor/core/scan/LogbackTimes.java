package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Reads Logback's default timestamp, {@code 2025-03-11 03:00:04.101} followed by a space, straight from
 * the bytes: the line head of every message a crash loop repeats by the million. The time is kept as a
 * {@code long}, the wall-clock time in milliseconds counted as if it were UTC ("local millis"), and only
 * the few times shown become {@link LogTimestamp}s ({@link #timestamp}). The 24 bytes are read as three
 * words; while the first two (date, hour and minute) are those of the last time read, only the third
 * (seconds and milliseconds) is decoded. The date is parsed once per day of log. Any other shape gives
 * {@link #NONE} and is left to {@link Timestamps}, which reads this one shape to the same value.
 */
final class LogbackTimes {
    /** {@code yyyy-MM-dd HH:mm:ss.SSS}. */
    static final int LENGTH = 23;
    /** No time, or a time held as a {@link LogTimestamp} instead. */
    static final long NONE = Long.MIN_VALUE;

    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** The digits of {@code :ss.SSS }, bytes 1, 2, 4, 5 and 6, as {@link DigitBytes#mask} marks them. */
    private static final long SECONDS_AND_MILLIS_DIGITS = 0x0080808000808000L;

    /** The first two words of the last time read ({@code 2025-03-}, {@code 11 03:00}) and their value. */
    private long lastHead;
    private long lastMiddle;
    private long lastMinute = NONE;
    /** The last date read: the first word and the day's two digits, and its epoch day. */
    private long lastDateHead;
    private int lastDay = -1;
    private long lastEpochDay;

    /**
     * The timestamp at {@code at} in local millis, when {@code [at, end)} starts with it and a space;
     * else {@link #NONE}.
     */
    long read(ByteBuffer b, int at, int end) {
        if (end - at < LENGTH + 1) {
            return NONE;
        }
        int secondsAndMillis = secondsAndMillis(word(b, at + 16));
        if (secondsAndMillis < 0) {
            return NONE;
        }
        long head = word(b, at);
        long middle = word(b, at + 8);
        if (lastMinute == NONE || head != lastHead || middle != lastMiddle) {
            long minute = minuteStart(head, middle);
            if (minute == NONE) {
                return NONE;
            }
            lastHead = head;
            lastMiddle = middle;
            lastMinute = minute;
        }
        return lastMinute + secondsAndMillis;
    }

    /** The time {@code localMillis} stands for, with {@code zone}'s offset when given (as the line carried none). */
    static LogTimestamp timestamp(long localMillis, ZoneId zone) {
        LocalDateTime dateTime = LocalDateTime.ofEpochSecond(Math.floorDiv(localMillis, 1000),
                (int) Math.floorMod(localMillis, 1000) * 1_000_000, ZoneOffset.UTC);
        return new LogTimestamp(dateTime, null).inZone(zone);
    }

    /** {@code stamp} when there is one, else the time {@code localMillis} stands for in {@code zone}, or null. */
    static LogTimestamp timestamp(LogTimestamp stamp, long localMillis, ZoneId zone) {
        if (stamp != null || localMillis == NONE) {
            return stamp;
        }
        return timestamp(localMillis, zone);
    }

    /** Eight bytes as a little-endian word, whatever the buffer's order. */
    private static long word(ByteBuffer b, int at) {
        long w = b.getLong(at);
        return b.order() == ByteOrder.LITTLE_ENDIAN ? w : Long.reverseBytes(w);
    }

    /** {@code yyyy-MM-} and {@code dd HH:mm} as local millis, or {@link #NONE}. */
    private long minuteStart(long head, long middle) {
        if (byteAt(head, 4) != '-' || byteAt(head, 7) != '-' || byteAt(middle, 2) != ' '
                || byteAt(middle, 5) != ':') {
            return NONE;
        }
        int day = digits(middle, 0);
        int hour = digits(middle, 3);
        int minute = digits(middle, 6);
        // Out of range is no time, as LocalTime.of would have it.
        if ((day | hour | minute) < 0 || hour > 23 || minute > 59) {
            return NONE;
        }
        if (head != lastDateHead || day != lastDay) {
            int century = digits(head, 0);
            int yearOfCentury = digits(head, 2);
            int month = digits(head, 5);
            if ((century | yearOfCentury | month) < 0) {
                return NONE;
            }
            try {
                lastEpochDay = LocalDate.of(century * 100 + yearOfCentury, month, day).toEpochDay();
            } catch (DateTimeException e) {
                return NONE;
            }
            lastDateHead = head;
            lastDay = day;
        }
        return lastEpochDay * MILLIS_PER_DAY + (hour * 60L + minute) * 60_000;
    }

    /** {@code :ss.SSS } (bytes 16 to 23 of the timestamp) as milliseconds into the minute, or -1. */
    private static int secondsAndMillis(long word) {
        int point = byteAt(word, 3);
        if (byteAt(word, 0) != ':' || (point != '.' && point != ',') || byteAt(word, 7) != ' '
                || (DigitBytes.mask(word) & SECONDS_AND_MILLIS_DIGITS) != SECONDS_AND_MILLIS_DIGITS) {
            return -1;
        }
        int seconds = DigitBytes.at(word, 1) * 10 + DigitBytes.at(word, 2);
        if (seconds > 59) {
            return -1;
        }
        return seconds * 1000 + DigitBytes.at(word, 4) * 100 + DigitBytes.at(word, 5) * 10 + DigitBytes.at(word, 6);
    }

    private static int byteAt(long word, int index) {
        return (int) (word >>> (8 * index)) & 0xff;
    }

    /** The two decimal digits at {@code index} of {@code word}, or a negative number. */
    private static int digits(long word, int index) {
        int high = digit(byteAt(word, index));
        int low = digit(byteAt(word, index + 1));
        return (high | low) < 0 ? -1 : high * 10 + low;
    }

    private static int digit(int c) {
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }
}
