package io.lockdoctor.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code status} says about one database.
 *
 * @param module the Smile CDR module id, null outside a Smile configuration
 * @param url the JDBC URL with secrets masked
 * @param product the product and version the database reports, null when it could not be reached
 * @param dialect the dialect id used, null when none could be chosen
 * @param error what failed, null when the database was inspected
 * @param schemasSearched the schemas (MariaDB/MySQL: databases) searched for the tables
 */
public record DatabaseReport(
        String module,
        String url,
        String product,
        String dialect,
        String error,
        List<String> schemasSearched,
        List<TableReport> tables) {

    public DatabaseReport {
        schemasSearched = List.copyOf(schemasSearched);
        tables = List.copyOf(tables);
    }

    public static DatabaseReport failed(String module, String url, String error) {
        return new DatabaseReport(module, url, null, null, error, List.of(), List.of());
    }

    /** ERROR when the database could not be inspected, else the most severe table verdict. */
    public Verdict verdict() {
        if (error != null) {
            return Verdict.ERROR;
        }
        return Verdict.mostSevere(tables.stream().map(TableReport::verdict).collect(Collectors.toList()));
    }

    /** True when none of the tables exists in any schema searched (exit 6). */
    public boolean noTablesFound() {
        return error == null && tables.stream().noneMatch(TableReport::exists);
    }

    public DatabaseReport withModule(String moduleId) {
        return new DatabaseReport(moduleId, url, product, dialect, error, schemasSearched, tables);
    }
}
