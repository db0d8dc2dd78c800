package io.lockdoctor.cli.render;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * The {@code status} run as metrics, in the Prometheus text exposition that node_exporter's
 * textfile collector and {@code promtool} read: OpenMetrics' state set (the verdict) and info (the
 * latest version) types are written as the gauges that format defines for them. Written with
 * Prometheus' own exposition library. No timestamps on samples (the textfile collector refuses
 * them); the run's time is a metric of its own, so an alert can see that runs stopped.
 */
public final class StatusMetrics {
    static final String PREFIX = "lockdoctor_";

    private StatusMetrics() {
    }

    /**
     * @param labelText applied to every label value taken from the run (URLs, schema names,
     *        versions): the caller's secret mask
     */
    public static MetricSnapshots of(List<DatabaseReport> reports, Duration took, Instant finished,
            UnaryOperator<String> labelText) {
        List<Row> tables = new ArrayList<>();
        for (DatabaseReport database : reports) {
            for (TableReport table : database.tables()) {
                tables.add(new Row(database, table, Labels.of(
                        "module", text(database.module(), labelText), "url", text(database.url(), labelText),
                        "schema", text(table.schema(), labelText), "table", table.table().name())));
            }
        }
        List<Row> existing = tables.stream().filter(r -> r.table().exists()).toList();
        List<Row> locked = existing.stream().filter(r -> r.table().lock() != null).toList();
        List<MetricSnapshot> metrics = new ArrayList<>();
        metrics.add(gauge("table_exists", "1 when the history table exists in the schema, 0 when no schema "
                + "searched holds it.", tables, r -> r.table().exists() ? 1 : 0));
        metrics.add(gauge("lock_present", "1 when the table holds a migration lock row (installed_rank = -100).",
                existing, r -> r.table().lock() != null ? 1 : 0));
        metrics.add(gauge("lock_age_at_least_seconds", "A lower bound on the lock's age: the lock row carries "
                + "only its writer's local day, so this is what is certain, not the age itself.",
                locked.stream().filter(r -> r.table().lockAgeAtLeast() != null).toList(),
                r -> r.table().lockAgeAtLeast().toSeconds()));
        metrics.add(verdicts(existing));
        metrics.add(gauge("migrations", "History rows applied (every row but the lock and the table's own).",
                existing, r -> r.table().migrations()));
        metrics.add(gauge("failed_migrations", "History rows of failed migrations (success = false).",
                existing, r -> r.table().failedMigrations().size()));
        metrics.add(latestVersions(existing, labelText));
        metrics.add(gauge("inspection_error", "1 when the database could not be inspected (its error is in "
                + "status --format json).", reports.stream().map(d -> new Row(d, null, Labels.of(
                        "module", text(d.module(), labelText), "url", text(d.url(), labelText)))).toList(),
                r -> r.database().error() != null ? 1 : 0));
        metrics.add(single("inspection_duration_seconds", "How long the status run took, every database "
                + "inspected in parallel, the observe window included.", took.toNanos() / 1e9));
        metrics.add(single("inspection_timestamp_seconds", "When the status run ended, in Unix seconds.",
                finished.toEpochMilli() / 1e3));
        return new MetricSnapshots(metrics);
    }

    /** The Prometheus text format (version 0.0.4). */
    public static void write(OutputStream out, MetricSnapshots metrics) {
        try {
            PrometheusTextFormatWriter.create().write(out, metrics, EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Row(DatabaseReport database, TableReport table, Labels labels) {
    }

    private static GaugeSnapshot gauge(String name, String help, List<Row> rows, ToDoubleFunction<Row> value) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(PREFIX + name).help(help);
        rows.forEach(r -> gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(r.labels())
                .value(value.applyAsDouble(r)).build()));
        return gauge.build();
    }

    private static GaugeSnapshot single(String name, String help, double value) {
        return GaugeSnapshot.builder().name(PREFIX + name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static StateSetSnapshot verdicts(List<Row> rows) {
        StateSetSnapshot.Builder verdict = StateSetSnapshot.builder().name(PREFIX + "verdict")
                .help("The table's verdict, one series per verdict, 1 for the one that holds.");
        for (Row r : rows) {
            StateSetSnapshot.StateSetDataPointSnapshot.Builder point =
                    StateSetSnapshot.StateSetDataPointSnapshot.builder().labels(r.labels());
            for (Verdict v : Verdict.values()) {
                point.state(v.name(), v == r.table().verdict());
            }
            verdict.dataPoint(point.build());
        }
        return verdict.build();
    }

    private static InfoSnapshot latestVersions(List<Row> rows, UnaryOperator<String> labelText) {
        InfoSnapshot.Builder info = InfoSnapshot.builder().name(PREFIX + "latest_version")
                .help("The latest version applied, as a label.");
        rows.stream().filter(r -> r.table().latestVersion() != null).forEach(r -> info.dataPoint(
                InfoSnapshot.InfoDataPointSnapshot.builder().labels(r.labels().add("version",
                        text(r.table().latestVersion(), labelText))).build()));
        return info.build();
    }

    /**
     * A label value: masked, and without control characters, which text read from a database may
     * hold and which would reach a terminal when the metrics are printed.
     */
    private static String text(String value, Function<String, String> labelText) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        labelText.apply(value).codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
