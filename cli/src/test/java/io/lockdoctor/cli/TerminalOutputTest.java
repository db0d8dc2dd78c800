package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.cli.render.TerminalText;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalOutputTest {
    private static final String SECRET = "Zq7S3cretVal";

    @Test
    void escapesEveryControlAndKeepsTheRest() {
        assertThat(TerminalText.escape("a\u001b[2Jb\nc\rd\te\u0007f\u007fg\u009bh\u202ei\u2066j\u2028k"))
                .isEqualTo("a\\u001b[2Jb\\nc\\rd\\te\\u0007f\\u007fg\\u009bh\\u202ei\\u2066j\\u2028k");
        assertThat(TerminalText.escapeKeepingLayout("a\u001b]0;t\u0007\n\tb\r\n"))
                .isEqualTo("a\\u001b]0;t\\u0007\n\tb\r\n");
        assertThat(TerminalText.escape("Grüße, 日本, C:\\logs")).isEqualTo("Grüße, 日本, C:\\logs");
        assertThat(TerminalText.escape(null)).isNull();
    }

    @Test
    void aSecretIsMaskedEvenWhenWrittenInPieces() {
        SecretMask mask = new SecretMask();
        mask.add(SECRET);
        StringWriter target = new StringWriter();
        PrintWriter out = TerminalOutput.guard(target, mask);

        out.print("login as cdr with Zq7S");
        out.print("3cretVal refused");
        out.println();
        out.print("Type yes to delete: ");
        out.flush();

        assertThat(target.toString()).isEqualTo("login as cdr with **** refused" + System.lineSeparator()
                + "Type yes to delete: ");
    }

    @Test
    void printlnPrintsOneLineWhateverTheValueHolds() {
        StringWriter target = new StringWriter();
        PrintWriter out = TerminalOutput.guard(target, new SecretMask());

        out.println("lock " + "x\nOverall: NO_LOCK");
        out.println((Object) "\u001b[2J");
        out.print("\r  observing: 1s / 10s");
        out.flush();

        assertThat(target.toString()).isEqualTo("lock x\\nOverall: NO_LOCK" + System.lineSeparator() + "\\u001b[2J"
                + System.lineSeparator() + "\r  observing: 1s / 10s");
    }

    @Test
    void theStandardStreamsAreGuardedToo() {
        SecretMask mask = new SecretMask();
        mask.addSecretsIn("jdbc:mariadb://root:" + SECRET + "@127.0.0.1:3306/test");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = TerminalOutput.guard(bytes, mask);

        err.println("WARNING: Incorrect port value : " + SECRET + "@127.0.0.1 \u001b[31mgrüß\u001b[0m");
        err.print("no newline yet");
        err.flush();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("WARNING: Incorrect port value : ****@127.0.0.1 "
                + "\\u001b[31mgrüß\\u001b[0m" + System.lineSeparator() + "no newline yet");
    }

    @Test
    void passwordLikeOptionsAreSecretsButPasswordSourcesAreNot() {
        SecretMask mask = new SecretMask();
        mask.addFromArguments("status", "--password", "one-1", "--db-pass=two-2", "-p", "three-3", "-pfour-4",
                "--password-env", "PGPASSWORD", "--password-file", "/run/secrets/pw");

        assertThat(mask.mask("one-1 two-2 three-3 four-4 PGPASSWORD /run/secrets/pw"))
                .isEqualTo("**** **** **** **** PGPASSWORD /run/secrets/pw");
    }

    @Test
    void aSecretQuotedInJsonIsMaskedAndTheDocumentStaysValid() {
        SecretMask mask = new SecretMask();
        mask.add("p\"w\\d");

        assertThat(mask.mask("{\"error\" : \"login p\\\"w\\\\d refused\", \"url\" : \"jdbc:x://h/db?password=p\\\"w\"}"))
                .isEqualTo("{\"error\" : \"login **** refused\", \"url\" : \"jdbc:x://h/db?password=****\\\"w\"}");
    }
}
