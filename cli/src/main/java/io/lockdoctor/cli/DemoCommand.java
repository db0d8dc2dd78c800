package io.lockdoctor.cli;

import io.lockdoctor.cli.demo.DemoInstallation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code lockdoctor demo}: a stale lock on an embedded database, inspected end to end, no server needed. */
@Command(name = "demo",
        description = "Create a local H2 database shaped exactly as HAPI FHIR creates it, with a realistic history, "
                + "a lock row left by a migrator that died days ago and the smile.log of the failed start that "
                + "followed; then inspect it as an operator would. The directory must be new, empty, or one an earlier "
                + "demo made (then its files are recreated). Exits 0 when the demonstration ran.")
public final class DemoCommand extends Subcommand {
    /** Short, so the demo is quick; runbooks keep the 10 s default. */
    private static final String OBSERVE = "3s";

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to create the demo installation: a new or empty directory, or an earlier demo's. "
                    + "Default: ./lockdoctor-demo")
    private Path dir;

    @Override
    public Integer call() {
        CliContext context = context();
        // Relative to the caller's working directory (the context's, so tests stay out of the source tree).
        Path target = context.workingDirectory().resolve(dir != null ? dir : Path.of("lockdoctor-demo"));
        LocalDateTime now = LocalDateTime.now(context.clock().withZone(ZoneId.systemDefault()));
        DemoInstallation demo = new DemoInstallation(target, now, UUID.randomUUID());
        demo.create();

        PrintWriter out = out();
        out.println("Demo Smile CDR installation in " + demo.directory());
        out.println("  database: " + demo.jdbcUrl() + "  (H2, embedded; user sa, no password)");
        out.println("  log:      " + demo.logFile());
        out.println("A migrator died on " + demo.lockDate() + " and left its lock in FLY_HFJ_MIGRATION; today's start");
        out.println("failed with HAPI-2153 after 49 retries (see the log). The runbook's one command:");
        out.println();
        String zone = ZoneId.systemDefault().getId();
        out.println("$ lockdoctor doctor --url " + demo.jdbcUrl() + " --user sa --log " + demo.logFile()
                + " --log-zone " + zone + " --observe " + OBSERVE);
        out.println();
        out.flush();
        int status = run("doctor", "--url", demo.jdbcUrl(), "--user", "sa", "--log", demo.logFile().toString(),
                "--log-zone", zone, "--observe", OBSERVE);
        out.println("(doctor exited " + status + ": " + (status == ExitCodes.STALE ? "stale lock found" : "see above")
                + ")");
        out.println();
        out.println("Try next:");
        out.println("  ./lockdoctor history --url " + demo.jdbcUrl() + " --user sa --limit 5");
        out.println("  ./lockdoctor scan-log " + demo.logFile());
        out.println("  ./lockdoctor status --url " + demo.jdbcUrl() + " --user sa --format json");
        out.flush();
        return status == ExitCodes.ERROR ? ExitCodes.ERROR : ExitCodes.OK;
    }

    private int run(String... args) {
        CommandLine nested = new LockDoctorCli(context()).commandLine();
        nested.setOut(out());
        nested.setErr(err());
        return nested.execute(args);
    }
}
