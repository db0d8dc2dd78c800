package io.lockdoctor.core;

import java.util.function.Supplier;

/**
 * An inspection whose report a test scripts, with a real session opened only when the clear asks
 * for one, and closed with it.
 */
final class ScriptedInspection implements ClearTarget.Inspection {
    private final Supplier<DatabaseReport> report;
    private final Supplier<DatabaseSession> opener;
    private DatabaseSession session;

    ScriptedInspection(Supplier<DatabaseReport> report, Supplier<DatabaseSession> opener) {
        this.report = report;
        this.opener = opener;
    }

    @Override
    public DatabaseReport status() {
        return report.get();
    }

    @Override
    public DatabaseSession session() {
        if (session == null) {
            session = opener.get();
        }
        return session;
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
