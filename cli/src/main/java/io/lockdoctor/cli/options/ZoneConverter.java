package io.lockdoctor.cli.options;

import java.time.DateTimeException;
import java.time.ZoneId;
import picocli.CommandLine;

/** A time zone such as {@code Europe/Paris}, {@code UTC} or {@code +02:00}. */
public final class ZoneConverter implements CommandLine.ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a time zone; use a region such as America/Toronto, UTC, or an offset like +02:00");
        }
    }
}
