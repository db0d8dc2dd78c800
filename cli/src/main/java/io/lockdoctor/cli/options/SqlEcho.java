package io.lockdoctor.cli.options;

import io.lockdoctor.cli.LockDoctorCli;
import io.lockdoctor.core.db.StatementLog;
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
    private final LockDoctorCli.SecretMask secrets;
    private final String prefix;

    SqlEcho(PrintWriter err, LockDoctorCli.SecretMask secrets, String module) {
        this.err = err;
        this.secrets = secrets;
        this.prefix = module == null ? "" : "[" + module + "] ";
    }

    @Override
    public void sent(String statement, Duration took, String failure) {
        String line = "lockdoctor: sql " + prefix + millis(took) + ": " + statement
                + (failure == null ? "" : "   -- failed: " + failure);
        err.println(visible(secrets.mask(line)));
        err.flush();
    }

    private static String millis(Duration took) {
        return String.format(Locale.ROOT, "%.1f ms", took.toNanos() / 1_000_000.0);
    }

    /** Control characters shown as escapes: a line of this echo is one line on the terminal. */
    private static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
