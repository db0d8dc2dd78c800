package io.lockdoctor.cli.options;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601, as flags. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (InvalidInputException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
