package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogTimestampTest {
    private static final ZoneOffset[] OFFSETS = {null, ZoneOffset.UTC, ZoneOffset.ofHours(1),
            ZoneOffset.ofHoursMinutes(-5, -30), ZoneOffset.ofHoursMinutesSeconds(1, 0, 30), ZoneOffset.MAX};

    @Test
    void writesWhatTheIsoFormattersWrite() {
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            int year = switch (n % 5) {
                case 0 -> random.nextInt(10);
                case 1 -> 10_000 + random.nextInt(100_000);
                case 2 -> -random.nextInt(20_000);
                default -> 1970 + random.nextInt(100);
            };
            int nano = switch (n % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(10) * 100_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            LocalDateTime dateTime = LocalDateTime.of(year, 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), nano);
            ZoneOffset offset = OFFSETS[random.nextInt(OFFSETS.length)];
            String expected = offset == null ? DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime)
                    : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.of(dateTime, offset));
            assertThat(new LogTimestamp(dateTime, offset)).hasToString(expected);
        }
    }

    @Test
    void dropsTheFractionsTrailingZerosOnly() {
        assertThat(new LogTimestamp(LocalDateTime.of(2025, 3, 11, 3, 0, 4, 100_000_000), null))
                .hasToString("2025-03-11T03:00:04.1");
        assertThat(new LogTimestamp(LocalDateTime.of(2025, 3, 11, 3, 0, 0), ZoneOffset.UTC))
                .hasToString("2025-03-11T03:00:00Z");
        assertThat(new LogTimestamp(LocalDateTime.of(812, 3, 11, 3, 0, 4, 1_020), ZoneOffset.ofHours(-8)))
                .hasToString("0812-03-11T03:00:04.00000102-08:00");
    }
}
