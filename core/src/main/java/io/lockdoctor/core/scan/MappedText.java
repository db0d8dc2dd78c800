package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Text cut out of the input together with the buffer index every character came from, so a match in
 * unescaped, re-joined text still knows its line. Bytes are read as ISO-8859-1: the messages are
 * ASCII, and invalid UTF-8 or NUL bytes then need no special case.
 */
final class MappedText implements CharSequence {
    private char[] chars;
    private int[] source;
    private int length;

    MappedText(int capacity) {
        chars = new char[Math.max(16, capacity)];
        source = new int[chars.length];
    }

    void clear() {
        length = 0;
    }

    /** Appends buffer bytes {@code [from, to)}, dropping ANSI colour sequences (docker compose on a TTY). */
    void appendBytes(ByteBuffer buf, int from, int to) {
        ensure(length + (to - from));
        for (int i = from; i < to; i++) {
            int b = buf.get(i) & 0xff;
            if (b == 0x1b && i + 1 < to && buf.get(i + 1) == '[') {
                int j = i + 2;
                while (j < to && j < i + 24 && isCsiParameter(buf.get(j))) {
                    j++;
                }
                if (j < to && Character.isLetter(buf.get(j))) {
                    i = j;
                    continue;
                }
            }
            chars[length] = (char) b;
            source[length] = i;
            length++;
        }
    }

    private static boolean isCsiParameter(byte b) {
        return (b >= '0' && b <= '9') || b == ';' || b == '?';
    }

    void appendChar(char c, int sourceIndex) {
        ensure(length + 1);
        chars[length] = c;
        source[length] = sourceIndex;
        length++;
    }

    /** Appends {@code other[from, to)}. */
    void append(MappedText other, int from, int to) {
        ensure(length + (to - from));
        System.arraycopy(other.chars, from, chars, length, to - from);
        System.arraycopy(other.source, from, source, length, to - from);
        length += to - from;
    }

    /**
     * Appends {@code other[from, to)} with JSON string escapes decoded ({@code \n}, {@code \"},
     * {@code \\}, {@code \u0041}, ...). Broken escapes are kept as they are.
     */
    void appendUnescaped(MappedText other, int from, int to) {
        ensure(length + (to - from));
        char[] in = other.chars;
        for (int i = from; i < to; i++) {
            char c = in[i];
            int src = other.source[i];
            if (c == '\\' && i + 1 < to) {
                char n = in[i + 1];
                char decoded;
                int consumed = 2;
                switch (n) {
                    case 'n' -> decoded = '\n';
                    case 't' -> decoded = '\t';
                    case 'r' -> decoded = '\r';
                    case 'b', 'f' -> decoded = ' ';
                    case '"', '\\', '/' -> decoded = n;
                    case 'u' -> {
                        int code = i + 5 < to ? hex4(in, i + 2) : -1;
                        if (code < 0) {
                            decoded = c;
                            consumed = 1;
                        } else {
                            decoded = code <= 0xff ? (char) code : '?';
                            consumed = 6;
                        }
                    }
                    default -> {
                        decoded = c;
                        consumed = 1;
                    }
                }
                chars[length] = decoded;
                source[length] = src;
                length++;
                i += consumed - 1;
            } else {
                chars[length] = c;
                source[length] = src;
                length++;
            }
        }
    }

    private static int hex4(char[] in, int at) {
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(in[at + k], 16);
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }

    private void ensure(int capacity) {
        if (capacity > chars.length) {
            int size = Math.max(capacity, chars.length * 2);
            chars = Arrays.copyOf(chars, size);
            source = Arrays.copyOf(source, size);
        }
    }

    /** Buffer index the character at {@code index} came from. */
    int sourceOf(int index) {
        return source[index];
    }

    int indexOf(String needle, int from) {
        int max = length - needle.length();
        char first = needle.charAt(0);
        outer:
        for (int i = Math.max(0, from); i <= max; i++) {
            if (chars[i] != first) {
                continue;
            }
            for (int k = 1; k < needle.length(); k++) {
                if (chars[i + k] != needle.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    boolean startsWith(String prefix, int at) {
        if (at < 0 || at + prefix.length() > length) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (chars[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        return chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new String(chars, start, end - start);
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
