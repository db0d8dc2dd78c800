package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Main leaves out picocli's built-in converters of java.sql and java.time types ({@link Main#UNUSED_CONVERTERS}):
 * safe only while every option of such a type names its own converter. An option added with a
 * java.time type and no converter fails here, not at a user's start.
 */
class UnusedConvertersTest {
    private static final List<String> EXCLUDED = List.of(Main.UNUSED_CONVERTERS.split(","));

    @Test
    void everyOptionOfAnExcludedTypeHasItsOwnConverter() {
        Set<String> checked = new HashSet<>();
        for (ArgSpec arg : allArgs(new LockDoctorCli(context()).commandLine())) {
            for (Class<?> type : types(arg)) {
                if (isExcluded(type.getName())) {
                    assertThat(arg.converters()).as(arg + " of type " + type.getName()).isNotEmpty();
                    checked.add(arg.isOption() ? ((OptionSpec) arg).longestName() : arg.paramLabel());
                }
            }
        }
        // The check above ran: lockdoctor's durations and zones are such options.
        assertThat(checked).contains("--observe", "--log-zone", "--timeout", "--interval");
    }

    @Test
    void theExclusionCoversJavaSqlAndJavaTimeOnly() {
        assertThat(isExcluded("java.time.Duration")).isTrue();
        assertThat(isExcluded("java.time.ZoneId")).isTrue();
        assertThat(isExcluded("java.sql.Timestamp")).isTrue();
        assertThat(isExcluded(Path.class.getName())).isFalse();
        assertThat(isExcluded("java.timer.Unrelated")).isFalse();
        assertThat(isExcluded(String.class.getName())).isFalse();
    }

    private static boolean isExcluded(String className) {
        return EXCLUDED.stream().anyMatch(className::matches);
    }

    private static List<Class<?>> types(ArgSpec arg) {
        List<Class<?>> types = new ArrayList<>(List.of(arg.type()));
        types.addAll(List.of(arg.auxiliaryTypes()));
        return types;
    }

    private static List<ArgSpec> allArgs(CommandLine command) {
        List<ArgSpec> args = new ArrayList<>(command.getCommandSpec().args());
        for (CommandLine sub : command.getSubcommands().values()) {
            args.addAll(allArgs(sub));
        }
        return args;
    }

    private static CliContext context() {
        return new CliContext(Map.of(), new ByteArrayInputStream(new byte[0]), false, Clock.systemUTC(), Path.of("."));
    }
}
