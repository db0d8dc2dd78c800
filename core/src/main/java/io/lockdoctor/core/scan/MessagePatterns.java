package io.lockdoctor.core.scan;

import io.lockdoctor.core.model.LockUuid;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HAPI FHIR lock messages (texts from {@code HapiMigrationLock}, {@code HapiMigrationStorageSvc} and
 * {@code HapiMigrator} 8.6.1) as patterns over re-joined text: every space may be any run of white space,
 * because pasted and wrapped copies break lines anywhere between words.
 */
final class MessagePatterns {

    /**
     * A message found; {@code start}/{@code end} index the text it was found in: the window's text, or
     * the buffer itself for a message {@link ExactMessages} read.
     */
    record Hit(LockEventKind kind, int start, int end, String table, String uuid, String code) {
    }

    /** The whole token after "DESCRIPTION =": a UUID with anything glued to it is no UUID. */
    private static final String UUID_TOKEN = "([0-9A-Za-z_-]*+|<[^\\s>]*>)";
    private static final String TABLE_TOKEN = "(\\S+?)";

    private record Rule(LockEventKind kind, String keyword, Pattern pattern) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(LockEventKind.LOCK_BLOCKED, "obtain", Pattern.compile(
                    "(?:(HAPI-\\d{4}):\\s*)?" + words("Unable to obtain table lock") + "\\s+-\\s+"
                            + words("another") + "\\s+(?i:database\\s+migration)\\s+" + words("may be running")
                            + "(?:\\.\\s+" + words("If no other database migration is running,")
                            + "?\\s+" + words("then the previous migration did not shut down properly and the lock "
                                    + "record needs to be deleted manually.") + "\\s+"
                            + words("The lock record is located in the") + "\\s+" + TABLE_TOKEN + "\\s+"
                            + words("table with INSTALLED_RANK = -100")
                            + "(?:\\s+" + words("and DESCRIPTION =") + "\\s*" + UUID_TOKEN + ")?)?")),
            new Rule(LockEventKind.LOCK_ADDED, "[uuid=", Pattern.compile(
                    words("Migration Lock Row added.") + "\\s*\\[uuid=([^\\]\\s]*)\\]")),
            new Rule(LockEventKind.LOCK_WAIT, "Waiting", Pattern.compile(
                    words("Waiting for lock on") + "\\s+" + TABLE_TOKEN + "\\.\\s+Retry\\s+\\d+/\\d+")),
            new Rule(LockEventKind.LOCK_REPAIR, "Repairing", Pattern.compile(
                    words("Repairing lock table.") + "\\s+" + words("Removing row in") + "\\s+" + TABLE_TOKEN
                            + "\\s+" + words("with INSTALLED_RANK = -100 and DESCRIPTION =") + "\\s*" + UUID_TOKEN)),
            new Rule(LockEventKind.LOCK_REMOVED, "Successfully", Pattern.compile(
                    words("Successfully removed lock record"))),
            new Rule(LockEventKind.LOCK_RELEASE_FAILED, "delete", Pattern.compile(
                    words("Failed to delete migration lock record for description =") + "\\s*\\[([^\\]\\s]*)\\]")),
            new Rule(LockEventKind.COMPETING_LOCK, "HAPI-2152", Pattern.compile(
                    "(HAPI-2152):\\s*" + words("Internal error: on unlocking, a competing lock was found"))),
            new Rule(LockEventKind.MIGRATION_FAILED, "HAPI-0047", Pattern.compile(
                    "(HAPI-0047):\\s*" + words("Failure executing task"))),
            new Rule(LockEventKind.MIGRATION_FAILED, "Migration", Pattern.compile(
                    "(?<![A-Za-z])" + words("Migration failed") + "(?![A-Za-z])")));

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private MessagePatterns() {
    }

    /** {@code "a b."} as a pattern where each space is {@code \s+} and the text is literal. */
    private static String words(String text) {
        StringBuilder sb = new StringBuilder();
        for (String word : text.split(" ")) {
            if (sb.length() > 0) {
                sb.append("\\s+");
            }
            sb.append(Pattern.quote(word));
        }
        return sb.toString();
    }

    /** Reports every well-formed message in {@code text}; placeholders and broken UUIDs are skipped. */
    static void find(MappedText text, Consumer<Hit> out) {
        for (Rule rule : RULES) {
            if (text.indexOf(rule.keyword, 0) < 0) {
                continue;
            }
            Matcher m = rule.pattern.matcher(text);
            while (m.find()) {
                Hit hit = toHit(rule.kind, m);
                if (hit != null) {
                    out.accept(hit);
                }
            }
        }
    }

    private static Hit toHit(LockEventKind kind, Matcher m) {
        switch (kind) {
            case LOCK_BLOCKED -> {
                String code = m.group(1);
                String table = m.group(2);
                String uuidText = m.group(3);
                if (table != null && !IDENTIFIER.matcher(table).matches()) {
                    return null; // "<table>" and the like: documentation, not a log
                }
                String uuid = null;
                if (uuidText != null) {
                    uuid = LockUuid.parse(uuidText).orElse(null);
                    if (uuid == null) {
                        return null; // "<uuid>", a cut-off or otherwise broken UUID
                    }
                }
                return new Hit(kind, m.start(), m.end(), table, uuid, code);
            }
            case LOCK_ADDED, LOCK_RELEASE_FAILED -> {
                String uuid = LockUuid.parse(m.group(1)).orElse(null);
                return uuid == null ? null : new Hit(kind, m.start(), m.end(), null, uuid, null);
            }
            case LOCK_WAIT -> {
                String table = m.group(1);
                return IDENTIFIER.matcher(table).matches() ? new Hit(kind, m.start(), m.end(), table, null, null)
                        : null;
            }
            case LOCK_REPAIR -> {
                String table = m.group(1);
                String uuid = LockUuid.parse(m.group(2)).orElse(null);
                if (uuid == null || !IDENTIFIER.matcher(table).matches()) {
                    return null;
                }
                return new Hit(kind, m.start(), m.end(), table, uuid, null);
            }
            case COMPETING_LOCK -> {
                return new Hit(kind, m.start(), m.end(), null, null, m.group(1));
            }
            case MIGRATION_FAILED -> {
                String code = m.groupCount() >= 1 ? m.group(1) : null;
                return new Hit(kind, m.start(), m.end(), null, null, code);
            }
            default -> {
                return new Hit(kind, m.start(), m.end(), null, null, null);
            }
        }
    }
}
