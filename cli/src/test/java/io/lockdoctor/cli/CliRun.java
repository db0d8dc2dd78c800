package io.lockdoctor.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;

/** Runs the CLI in-process with a given environment and captures what a user would see. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Map<String, String> env, Path workingDirectory, String... args) {
        CliContext context = new CliContext(env, new ByteArrayInputStream(new byte[0]), false, Clock.systemUTC(),
                workingDirectory);
        CommandLine cli = new LockDoctorCli(context).commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        JsonContract.checkOutput(args, out.toString());
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun run(String... args) {
        return run(Map.of(), Path.of("").toAbsolutePath(), args);
    }

    String all() {
        return out + err;
    }
}
