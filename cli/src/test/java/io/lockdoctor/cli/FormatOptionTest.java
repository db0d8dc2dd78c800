package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each command takes only the formats it prints: another is a usage error at parse time, naming the valid ones. */
class FormatOptionTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "doctor   | csv         | [text, json]",
        "scan-log | csv         | [text, json]",
        "history  | openmetrics | [text, json, csv]",
        "status   | csv         | [text, json, openmetrics]"})
    void anUnsupportedFormatIsAUsageErrorNamingTheValidOnes(String command, String format, String valid) {
        // No database is given: a command that ran would fail on that, not on the format.
        CliRun run = command.equals("scan-log") ? CliRun.run(command, "x.log", "--format", format)
                : CliRun.run(command, "--format", format);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Invalid value for option '--format': expected one of " + valid)
                .contains("but was '" + format + "'")
                .contains("Usage: lockdoctor " + command)
                .doesNotContain("no database given");
        assertThat(run.out()).isEmpty();
    }
}
