package io.lockdoctor.cli.options;

import io.lockdoctor.core.model.KnownTable;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** {@code --table T}, repeatable; both known tables by default. */
public final class TableOptions {
    @Option(names = "--table", paramLabel = "TABLE",
            description = "History table to inspect: ${COMPLETION-CANDIDATES}. Repeatable. Default: both.")
    List<KnownTable> tables = List.of();

    public Set<KnownTable> tables() {
        return tables.isEmpty() ? EnumSet.allOf(KnownTable.class) : EnumSet.copyOf(tables);
    }
}
