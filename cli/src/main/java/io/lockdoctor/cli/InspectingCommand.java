package io.lockdoctor.cli;

import io.lockdoctor.cli.options.ConnectionOptions;
import io.lockdoctor.cli.options.EvidenceOptions;
import picocli.CommandLine.Mixin;

/** A command that judges a lock: the connection options and the evidence options, declared once. */
abstract class InspectingCommand extends Subcommand {
    @Mixin
    private ConnectionOptions connection;

    @Mixin
    private EvidenceOptions evidence;

    final ConnectionOptions connection() {
        return connection;
    }

    final EvidenceOptions evidence() {
        return evidence;
    }
}
