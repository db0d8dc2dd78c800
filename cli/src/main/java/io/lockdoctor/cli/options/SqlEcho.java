package io.lockdoctor.cli.options;

import io.lockdoctor.cli.SecretMask;
import io.lockdoctor.cli.render.TerminalText;
import io.lockdoctor.core.spi.StatementLog;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code --show-sql}: every statement lockdoctor sends, with its duration, one line each on
 * stderr, so stdout stays what the command prints. Secrets the run knows are masked, and text
 * from the database (bound values, error messages) cannot drive the terminal.
 */
final class SqlEcho implements StatementLog {
    private final PrintWriter err;
    private final SecretMask secrets;
    private final String prefix;

    SqlEcho(PrintWriter err, SecretMask secrets, String module) {
        this.err = err;
        this.secrets = secrets;
        this.prefix = module == null ? "" : "[" + module + "] ";
    }

    @Override
    public void sent(String statement, Duration took, String failure) {
        String line = "lockdoctor: sql " + prefix + millis(took) + ": " + statement
                + (failure == null ? "" : "   -- failed: " + failure);
        err.println(TerminalText.escape(secrets.mask(line)));
        err.flush();
    }

    private static String millis(Duration took) {
        return String.format(Locale.ROOT, "%.1f ms", took.toNanos() / 1_000_000.0);
    }
}
