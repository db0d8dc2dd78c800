package io.lockdoctor.cli;

import io.lockdoctor.fixtures.DatabaseFixture;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process with a given environment and captures what a user would see. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Map<String, String> env, Path workingDirectory, String... args) {
        return run(new CliContext(env, new ByteArrayInputStream(new byte[0]), false, Clock.systemUTC(),
                workingDirectory), args);
    }

    static CliRun run(CliContext context, String... args) {
        CommandLine cli = new LockDoctorCli(context).commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        JsonContract.checkOutput(args, out.toString());
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs with the fixture's database as the connection, given the way an operator would: the environment. */
    static CliRun on(DatabaseFixture db, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("LOCKDOCTOR_URL", db.url());
        env.put("LOCKDOCTOR_USER", db.user());
        if (!db.password().isEmpty()) {
            env.put("LOCKDOCTOR_PASSWORD", db.password());
        }
        return run(env, Path.of("."), args);
    }

    static CliRun run(String... args) {
        return run(Map.of(), Path.of("").toAbsolutePath(), args);
    }

    String all() {
        return out + err;
    }
}
