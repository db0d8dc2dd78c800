package io.lockdoctor.cli;

import io.lockdoctor.core.model.LockDoctorException;
import io.lockdoctor.core.scan.LogScanner;
import io.lockdoctor.core.scan.ScanError;
import io.lockdoctor.core.scan.ScanOptions;
import io.lockdoctor.core.scan.ScanProgressListener;
import io.lockdoctor.core.scan.ScanResult;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

/** Scans log files for the commands that take them, with a progress line for big inputs on a terminal. */
final class LogScans {
    private static final long PROGRESS_MIN_BYTES = 256L << 20;

    private LogScans() {
    }

    /**
     * Scans the {@code --log} files a command weighs as evidence. A file that could not be read whole is
     * an error, never a log with less in it: the command stops rather than judge without it.
     *
     * @throws LockDoctorException naming every file that could not be read
     */
    static ScanResult scanEvidence(List<String> files, ZoneId logZone, CliContext context, PrintWriter err) {
        ScanResult result = scan(files, logZone, context, err);
        if (result.hasErrors()) {
            throw new LockDoctorException(result.errors().stream().map(ScanError::message)
                    .collect(Collectors.joining("; ")) + ". A --log file that cannot be read whole is not used "
                    + "as evidence: fix the path, or run without that --log");
        }
        return result;
    }

    /** Scans {@code files} ({@code -} is standard input); read errors are in the result, never thrown. */
    static ScanResult scan(List<String> files, ZoneId logZone, CliContext context, PrintWriter err) {
        ScanOptions options = ScanOptions.defaults().withLogZone(logZone);
        Progress progress = context.interactive() ? new Progress(err) : null;
        if (progress != null) {
            options = options.withProgress(progress);
        }
        ScanResult result = new LogScanner(options).scanArguments(files, context.stdin());
        if (progress != null) {
            progress.clear();
        }
        return result;
    }

    /** A progress line on a terminal for big inputs, at most twice a second. */
    private static final class Progress implements ScanProgressListener {
        private final PrintWriter err;
        private long lastPrint;
        private boolean shown;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void progress(String file, long bytesDone, long bytesTotal) {
            long now = System.nanoTime();
            if ((bytesTotal >= 0 && bytesTotal < PROGRESS_MIN_BYTES) || now - lastPrint < 500_000_000L) {
                return;
            }
            lastPrint = now;
            String amount = bytesTotal > 0 ? (bytesDone * 100 / bytesTotal) + "% of " + (bytesTotal >> 20) + " MiB"
                    : (bytesDone >> 20) + " MiB";
            err.print("\rscanning " + file + ": " + amount + "   ");
            err.flush();
            shown = true;
        }

        synchronized void clear() {
            if (shown) {
                err.print("\r" + " ".repeat(78) + "\r");
                err.flush();
            }
        }
    }
}
