package io.tickstream.streams.script;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The arguments (ARGV) of one script call, written as Redis protocol bulk strings into one byte array as they
 * are added, on the caller's thread. Lettuce then copies the array into its socket buffer in one piece instead
 * of encoding thousands of strings one by one on its single event-loop thread, which is the thread every
 * command of the shared connection goes through (a feed's append batches spent most of that thread there).
 * Not thread-safe; one instance per call.
 */
public final class ScriptArguments {

    private byte[] bytes;
    private int length;
    private int count;

    /** @param expectedBytes a guess at the encoded size; the array grows as needed */
    public ScriptArguments(int expectedBytes) {
        this.bytes = new byte[Math.max(64, expectedBytes)];
    }

    /** Appends {@code value} as UTF-8 ({@code null} as an empty string). */
    public ScriptArguments add(String value) {
        byte[] encoded = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        bulkHeader(encoded.length);
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        crlf();
        return this;
    }

    /** Appends {@code value} in decimal. */
    public ScriptArguments add(long value) {
        return add(Long.toString(value));
    }

    /** Arguments added so far. */
    public int count() {
        return count;
    }

    int length() {
        return length;
    }

    byte[] bytes() {
        return bytes;
    }

    /** {@code values} as bulk strings, for the keys and the digest of a call. */
    static byte[] encode(String... values) {
        ScriptArguments encoded = new ScriptArguments(64);
        for (String value : values) {
            encoded.add(value);
        }
        return Arrays.copyOf(encoded.bytes, encoded.length);
    }

    private void bulkHeader(int size) {
        ensure(size + 16);
        bytes[length++] = '$';
        length = writeDecimal(size, length);
        crlf();
        count++;
    }

    private void crlf() {
        bytes[length++] = '\r';
        bytes[length++] = '\n';
    }

    private int writeDecimal(int value, int at) {
        if (value == 0) {
            bytes[at] = '0';
            return at + 1;
        }
        int digits = 0;
        for (int v = value; v > 0; v /= 10) {
            digits++;
        }
        for (int i = at + digits - 1, v = value; v > 0; v /= 10, i--) {
            bytes[i] = (byte) ('0' + v % 10);
        }
        return at + digits;
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
