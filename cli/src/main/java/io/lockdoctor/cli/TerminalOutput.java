package io.lockdoctor.cli;

import io.lockdoctor.cli.render.TerminalText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Everything lockdoctor prints goes through here, whatever produced it (a renderer, a driver's
 * error text, picocli, a stack trace): secrets masked by the run's {@link SecretMask} and terminal
 * controls escaped by {@link TerminalText}. A line printed with {@code println} is one line: a
 * line break inside it comes from data and is escaped. Text is handled a line at a time, so a
 * secret is masked even when it reaches the stream in pieces.
 */
public final class TerminalOutput {
    private TerminalOutput() {
    }

    /** A writer for commands: {@code println(x)} prints {@code x} as exactly one line. */
    public static PrintWriter guard(Writer target, SecretMask mask) {
        return new LinePrinter(new Filter(target, mask));
    }

    /** A stream for {@link System#out} and {@link System#err}, for what prints there directly (drivers' loggers). */
    public static PrintStream guard(OutputStream target, SecretMask mask) {
        Writer filter = new Filter(new OutputStreamWriter(target, StandardCharsets.UTF_8), mask);
        return new PrintStream(new LineDecoder(filter), true, StandardCharsets.UTF_8);
    }

    /** Masks and escapes line by line; a flush passes a partial line (a prompt, a progress line) on at once. */
    private static final class Filter extends Writer {
        private final Writer target;
        private final SecretMask mask;
        private final StringBuilder pending = new StringBuilder();

        Filter(Writer target, SecretMask mask) {
            this.target = target;
            this.mask = mask;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            synchronized (lock) {
                int start = offset;
                int end = offset + length;
                for (int i = offset; i < end; i++) {
                    char c = chars[i];
                    if (c == '\n' || c == '\r') {
                        pending.append(chars, start, i + 1 - start);
                        start = i + 1;
                        emit();
                    }
                }
                pending.append(chars, start, end - start);
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (lock) {
                emit();
                target.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        private void emit() throws IOException {
            if (pending.length() > 0) {
                target.write(TerminalText.escapeKeepingLayout(mask.mask(pending.toString())));
                pending.setLength(0);
            }
        }
    }

    private static final class LinePrinter extends PrintWriter {
        LinePrinter(Writer filter) {
            super(filter, true);
        }

        @Override
        public void println(String line) {
            synchronized (lock) {
                super.print(TerminalText.escape(line));
                super.println();
            }
        }

        @Override
        public void println(Object value) {
            println(String.valueOf(value));
        }
    }

    /** Bytes to text a line at a time, so that multi-byte characters are never split. */
    private static final class LineDecoder extends OutputStream {
        private final Writer target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineDecoder(Writer target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b == '\n') {
                pass();
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            pass();
            target.flush();
        }

        private void pass() throws IOException {
            target.write(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
