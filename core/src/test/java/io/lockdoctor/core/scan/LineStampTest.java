package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LineStamp} reads a timestamp in a remembered layout to the value {@link Timestamps} gives it, or
 * to nothing where {@link Timestamps} reads nothing: any digits (out-of-range ones included), bytes
 * that break the layout, one minute after another and back.
 */
class LineStampTest {
    private static final List<String> LAYOUTS = List.of("2025-03-11 03:00:04.101", "2025-03-11T03:00:04.101",
            "2025-03-11T03:00:04,101234567", "2025-03-11T03:00:04", "2025-03-11 03:00:04.1");

    @Test
    void readsWhatTimestampsReadsInTheRememberedLayout() {
        Random random = new Random(11);
        for (String layout : LAYOUTS) {
            LineStamp stamp = new LineStamp();
            stamp.remember(buffer(layout + "Z "), 0, layout.length());
            assertThat(stamp.length()).isEqualTo(layout.length());
            for (int n = 0; n < 20_000; n++) {
                String text = variant(layout, random) + "Z ";
                LogTimestamp expected = Timestamps.parseAt(text, 0);
                LocalDateTime read = stamp.read(buffer(text), 0);
                if (sameLayout(text, layout)) {
                    assertThat(read).as(text).isEqualTo(expected == null ? null : expected.dateTime());
                } else {
                    assertThat(read).as(text).isNull();
                }
            }
        }
    }

    @Test
    void aSecondOfSixtyOrAnHourOfTwentyFourIsNoTime() {
        LineStamp stamp = new LineStamp();
        stamp.remember(buffer("2025-03-11T03:00:04.101Z"), 0, 23);
        assertThat(stamp.read(buffer("2025-03-11T03:00:59.999Z"), 0)).isEqualTo("2025-03-11T03:00:59.999");
        assertThat(stamp.read(buffer("2025-03-11T03:00:60.000Z"), 0)).isNull();
        assertThat(stamp.read(buffer("2025-03-11T24:00:00.000Z"), 0)).isNull();
        assertThat(stamp.read(buffer("2025-02-29T03:00:00.000Z"), 0)).isNull();
        assertThat(stamp.read(buffer("2024-02-29T03:00:00.000Z"), 0)).isEqualTo("2024-02-29T03:00");
    }

    /** The layout with random digits, near the last minute read or anywhere, now and then a byte broken. */
    private static String variant(String layout, Random random) {
        char[] chars = layout.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (Character.isDigit(chars[i]) && (i >= 14 || random.nextInt(8) == 0)) {
                chars[i] = (char) ('0' + random.nextInt(10));
            }
        }
        if (random.nextInt(20) == 0) {
            chars[random.nextInt(chars.length)] = " T:-.,x".charAt(random.nextInt(7));
        }
        return new String(chars);
    }

    /** Digits where the layout has digits, its other characters the same. */
    private static boolean sameLayout(String text, String layout) {
        for (int i = 0; i < layout.length(); i++) {
            char c = text.charAt(i);
            char l = layout.charAt(i);
            if (Character.isDigit(l) ? !Character.isDigit(c) : c != l) {
                return false;
            }
        }
        return true;
    }

    private static ByteBuffer buffer(String text) {
        // room after the text: a stamp reads its first sixteen bytes as two words
        byte[] bytes = (text + " ".repeat(16)).getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
