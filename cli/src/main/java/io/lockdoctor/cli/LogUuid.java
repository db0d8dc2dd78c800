package io.lockdoctor.cli;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockDoctorException;
import io.lockdoctor.core.scan.LogFinding;
import io.lockdoctor.core.scan.ScanError;
import io.lockdoctor.core.scan.ScanResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The lock UUID a log names, for {@code clear --log} and {@code export --log}. */
final class LogUuid {
    private LogUuid() {
    }

    /**
     * The one UUID the log's lock messages name for {@code table} (any table when null); empty
     * when no message names a table's lock at all. Several different UUIDs are refused: the
     * operator must choose with --uuid.
     */
    static Optional<String> from(ScanResult scan, KnownTable table) {
        if (scan.hasErrors()) {
            // A log read in part may hold another lock message after the point it broke off: never
            // take "no message" or "this one" from it.
            throw new LockDoctorException("the logs could not be read completely ("
                    + String.join("; ", scan.errors().stream().map(ScanError::message).toList())
                    + "), so lockdoctor takes no lock from them: give the lock with --uuid");
        }
        List<LogFinding> relevant = scan.findings().stream()
                .filter(f -> table == null || f.table() == null || table.name().equalsIgnoreCase(f.table()))
                .toList();
        Set<String> uuids = new LinkedHashSet<>();
        relevant.stream().filter(f -> f.uuid() != null).forEach(f -> uuids.add(f.uuid()));
        if (uuids.size() > 1) {
            throw new InvalidInputException("the logs name several locks" + (table == null ? "" : " in " + table) + " ("
                    + String.join(", ", uuids) + "); choose one with --uuid (see lockdoctor doctor)");
        }
        if (uuids.isEmpty() && !relevant.isEmpty()) {
            throw new InvalidInputException("the logs' lock message names no UUID (HAPI could not read it); take the "
                    + "UUID from 'lockdoctor status' and give it with --uuid");
        }
        return uuids.stream().findFirst();
    }
}
