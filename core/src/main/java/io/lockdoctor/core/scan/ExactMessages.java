package io.lockdoctor.core.scan;

import io.lockdoctor.core.model.LockUuid;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The messages a crash-looping node repeats (49 waits, a failed migration and HAPI-2153 at every
 * restart), recognised in HAPI's exact wording straight from the bytes around a trigger. A log holds
 * them by the million, and the {@link WindowParser} costs far too much to run for each.
 *
 * <p>Only the wording HAPI writes, on one physical line, is accepted here; anything else (a paste
 * wrapped over lines, other spacing, escapes, a message with no UUID, the old variant) returns
 * {@code null} and goes to the window parser, which decides. Whatever this class accepts, the
 * patterns of {@link MessagePatterns} match the same way: same kind, start, end, table, UUID, code.
 */
final class ExactMessages {
    private static final Literal WAITING_FOR = new Literal("Waiting for ");
    private static final Literal LOCK_ON = new Literal("lock on ");
    private static final Literal RETRY = new Literal("Retry");
    private static final Literal UNABLE = new Literal("Unable to obtain table ");
    private static final Literal LOCK_DASH = new Literal("lock - ");
    private static final Literal BLOCKED_MIDDLE = new Literal("lock - another database migration may be running.  "
            + "If no other database migration is running, then the previous migration did not shut down properly and "
            + "the lock record needs to be deleted manually.  The lock record is located in the ");
    private static final Literal BLOCKED_TAIL = new Literal(" table with INSTALLED_RANK = -100 and DESCRIPTION = ");
    private static final Literal MIGRATION = new Literal("Migration ");
    private static final Literal FAILED = new Literal("failed");
    private static final Literal LOCK_ROW_ADDED = new Literal("Lock Row added. [uuid=");
    private static final int CODE_LENGTH = "HAPI-2153: ".length();

    private ExactMessages() {
    }

    /**
     * The message holding the anchor that starts at {@code start}, or {@code null} when it is not in
     * HAPI's exact wording within {@code [lo, hi)}.
     */
    static MessagePatterns.Hit at(ByteBuffer b, int lo, int hi, Anchors.Anchor anchor, int start, RecentText tables) {
        switch (anchor) {
            case WAITING -> {
                return lockWait(b, lo, hi, start + WAITING_FOR.length(), tables);
            }
            case ANOTHER -> {
                return blocked(b, lo, hi, start - LOCK_DASH.length(), tables);
            }
            case MIGRATION -> {
                int w = start + MIGRATION.length();
                if (w >= hi) {
                    return null;
                }
                byte next = b.get(w);
                return next == 'L' ? lockAdded(b, lo, hi, w) : next == 'f' ? migrationFailed(b, lo, hi, w) : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** {@code Waiting for lock on T.  Retry n/m}. */
    private static MessagePatterns.Hit lockWait(ByteBuffer b, int lo, int hi, int w, RecentText tables) {
        int start = w - WAITING_FOR.length();
        if (!matches(b, lo, hi, start, WAITING_FOR) || !matches(b, lo, hi, w, LOCK_ON)) {
            return null;
        }
        int p = skipSpaces(b, hi, w + LOCK_ON.length());
        int tableEnd = identifierEnd(b, hi, p);
        if (tableEnd < 0 || tableEnd >= hi || b.get(tableEnd) != '.') {
            return null;
        }
        int q = skipSpaces(b, hi, tableEnd + 1);
        if (q == tableEnd + 1 || !matches(b, lo, hi, q, RETRY)) {
            return null;
        }
        int r = skipSpaces(b, hi, q + RETRY.length());
        if (r == q + RETRY.length()) {
            return null;
        }
        int slash = digitsEnd(b, hi, r);
        if (slash == r || slash >= hi || b.get(slash) != '/') {
            return null;
        }
        int end = digitsEnd(b, hi, slash + 1);
        if (end == slash + 1 || !endsToken(b, hi, end)) {
            return null;
        }
        return new MessagePatterns.Hit(LockEventKind.LOCK_WAIT, start, end, tables.of(b, p, tableEnd), null, null);
    }

    /** {@code HAPI-2153: Unable to obtain table lock - ... DESCRIPTION = <uuid>}, {@code w} at "lock". */
    private static MessagePatterns.Hit blocked(ByteBuffer b, int lo, int hi, int w, RecentText tables) {
        int start = w - UNABLE.length();
        if (!matches(b, lo, hi, start, UNABLE) || !matches(b, lo, hi, w, BLOCKED_MIDDLE)) {
            return null;
        }
        int tableStart = w + BLOCKED_MIDDLE.length();
        int tableEnd = identifierEnd(b, hi, tableStart);
        if (tableEnd < 0 || !matches(b, lo, hi, tableEnd, BLOCKED_TAIL)) {
            return null;
        }
        int uuidStart = tableEnd + BLOCKED_TAIL.length();
        int uuidEnd = uuidStart;
        while (uuidEnd < hi && isUuidTokenByte(b.get(uuidEnd))) {
            uuidEnd++;
        }
        if (!endsToken(b, hi, uuidEnd)) {
            return null;
        }
        String uuid = LockUuid.parse(text(b, uuidStart, uuidEnd)).orElse(null);
        if (uuid == null) {
            return null;
        }
        String code = null;
        int codeStart = start - CODE_LENGTH;
        if (codeStart >= lo && isCode(b, codeStart)) {
            code = text(b, codeStart, codeStart + CODE_LENGTH - 2);
            start = codeStart;
        } else if (endsWithColon(b, lo, start)) {
            return null; // a code with other spacing: the patterns decide
        }
        if (mayEndAnotherMessage(b, lo, start)) {
            return null;
        }
        return new MessagePatterns.Hit(LockEventKind.LOCK_BLOCKED, start, uuidEnd, tables.of(b, tableStart, tableEnd),
                uuid, code);
    }

    /** {@code Migration Lock Row added. [uuid=<uuid>]}. */
    private static MessagePatterns.Hit lockAdded(ByteBuffer b, int lo, int hi, int w) {
        int start = w - MIGRATION.length();
        if (!matches(b, lo, hi, start, MIGRATION) || !matches(b, lo, hi, w, LOCK_ROW_ADDED)) {
            return null;
        }
        int uuidStart = w + LOCK_ROW_ADDED.length();
        int close = uuidStart;
        while (close < hi && close - uuidStart <= 64 && b.get(close) != ']') {
            close++;
        }
        if (close >= hi || b.get(close) != ']') {
            return null;
        }
        String uuid = LockUuid.parse(text(b, uuidStart, close)).orElse(null);
        return uuid == null ? null
                : new MessagePatterns.Hit(LockEventKind.LOCK_ADDED, start, close + 1, null, uuid, null);
    }

    /** {@code Migration failed}, standing as words. */
    private static MessagePatterns.Hit migrationFailed(ByteBuffer b, int lo, int hi, int w) {
        int start = w - MIGRATION.length();
        int end = w + FAILED.length();
        if (!matches(b, lo, hi, start, MIGRATION) || !matches(b, lo, hi, w, FAILED) || start - 1 < lo
                || !isPlainSeparator(b.get(start - 1)) || !endsToken(b, hi, end) || isLetter(b.get(end))) {
            return null;
        }
        return new MessagePatterns.Hit(LockEventKind.MIGRATION_FAILED, start, end, null, null, null);
    }

    /**
     * The byte at {@code end} ends a token in the decoded text too: it is in the buffer, starts no
     * colour sequence (removed when decoding) and no JSON escape that decodes to a letter or digit.
     */
    private static boolean endsToken(ByteBuffer b, int hi, int end) {
        if (end >= hi) {
            return false; // the token may go on past the buffer
        }
        byte c = b.get(end);
        if (c == 0x1b) {
            return false;
        }
        if (c != '\\') {
            return true;
        }
        if (end + 1 >= hi) {
            return false;
        }
        byte n = b.get(end + 1);
        return n == 'n' || n == 't' || n == 'r' || n == '"' || n == '\\' || n == '/' || n == 'b' || n == 'f';
    }

    /** Not a letter, a digit, or the end of an escape or colour sequence that might decode to one. */
    private static boolean isPlainSeparator(byte c) {
        return !isLetter(c) && !isDigit(c) && c != '\\';
    }

    /**
     * Whether the text before {@code start} could be the UUID slot of a message before this one, which
     * the patterns read as far as the token goes (glued text, or {@code DESCRIPTION =} and white space).
     */
    private static boolean mayEndAnotherMessage(ByteBuffer b, int lo, int start) {
        if (start - 1 < lo || isUuidTokenByte(b.get(start - 1))) {
            return true;
        }
        int i = start - 1;
        while (i >= lo && i >= start - 64 && isWhiteSpace(b.get(i))) {
            i--;
        }
        return i < lo || b.get(i) == '=';
    }

    private static boolean isWhiteSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    /** {@code HAPI-dddd: } at {@code at}. */
    private static boolean isCode(ByteBuffer b, int at) {
        if (b.get(at) != 'H' || b.get(at + 1) != 'A' || b.get(at + 2) != 'P' || b.get(at + 3) != 'I'
                || b.get(at + 4) != '-' || b.get(at + 9) != ':' || b.get(at + 10) != ' ') {
            return false;
        }
        for (int i = at + 5; i < at + 9; i++) {
            if (!isDigit(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWithColon(ByteBuffer b, int lo, int before) {
        int i = before - 1;
        while (i >= lo && (b.get(i) == ' ' || b.get(i) == '\t')) {
            i--;
        }
        return i >= lo && b.get(i) == ':';
    }

    /** End of an identifier ({@code [A-Za-z_][A-Za-z0-9_$]*}) starting at {@code p}, or -1. */
    private static int identifierEnd(ByteBuffer b, int hi, int p) {
        if (p >= hi) {
            return -1;
        }
        byte c = b.get(p);
        if (!(isLetter(c) || c == '_')) {
            return -1;
        }
        int i = p + 1;
        while (i < hi) {
            c = b.get(i);
            if (!(isLetter(c) || isDigit(c) || c == '_' || c == '$')) {
                break;
            }
            i++;
        }
        return i;
    }

    private static int skipSpaces(ByteBuffer b, int hi, int p) {
        int i = p;
        while (i < hi && b.get(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int digitsEnd(ByteBuffer b, int hi, int p) {
        int i = p;
        while (i < hi && isDigit(b.get(i))) {
            i++;
        }
        return i;
    }

    private static boolean matches(ByteBuffer b, int lo, int hi, int at, Literal text) {
        if (at < lo || at + text.bytes.length > hi) {
            return false;
        }
        int k = 0;
        if (b.order() == ByteOrder.LITTLE_ENDIAN) {
            for (; k < text.words.length; k++) {
                if (b.getLong(at + 8 * k) != text.words[k]) {
                    return false;
                }
            }
            k *= 8;
        }
        for (; k < text.bytes.length; k++) {
            if (b.get(at + k) != text.bytes[k]) {
                return false;
            }
        }
        return true;
    }


    private static String text(ByteBuffer b, int from, int to) {
        byte[] bytes = new byte[to - from];
        b.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static boolean isUuidTokenByte(byte c) {
        return isLetter(c) || isDigit(c) || c == '_' || c == '-';
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** The last text read, returned again while its bytes recur: a crash loop names one table millions of times. */
    static final class RecentText {
        private byte[] bytes = new byte[0];
        private String text = "";

        String of(ByteBuffer b, int from, int to) {
            int n = to - from;
            if (n == bytes.length && same(b, from)) {
                return text;
            }
            bytes = new byte[n];
            b.get(from, bytes);
            text = new String(bytes, StandardCharsets.ISO_8859_1);
            return text;
        }

        private boolean same(ByteBuffer b, int from) {
            for (int k = 0; k < bytes.length; k++) {
                if (b.get(from + k) != bytes[k]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Fixed text, also as little-endian words: most of a message is compared eight bytes at a time. */
    private static final class Literal {
        final byte[] bytes;
        final long[] words;

        int length() {
            return bytes.length;
        }

        Literal(String text) {
            bytes = text.getBytes(StandardCharsets.US_ASCII);
            words = new long[bytes.length / 8];
            ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < words.length; k++) {
                words[k] = view.getLong(8 * k);
            }
        }
    }
}
