package io.tickstream.common.stream;

import java.nio.charset.StandardCharsets;

/**
 * Redis Cluster's key placement, as the cluster specification defines it: a key's hash slot is CRC16
 * (XMODEM) of its hash tag modulo 16,384, where the hash tag is what stands between the first
 * {@code {}} and the first {@code }} after it when that is not empty, and the whole key otherwise.
 * Keys with the same hash tag share a slot, so one command or script may name them together on a
 * cluster. The layout of Tickstream's keys ({@link Partitions}, {@link StreamKeys#companion}) rests
 * on this; on a standalone Redis or Sentinel it changes nothing.
 */
public final class KeySlots {

    /** Slots of a Redis Cluster. */
    public static final int SLOTS = 16_384;

    private KeySlots() {
    }

    /** The hash slot of {@code key}. */
    public static int slot(String key) {
        return crc16(hashTag(key).getBytes(StandardCharsets.UTF_8)) % SLOTS;
    }

    /** What Redis Cluster hashes for {@code key}: its hash tag, or the whole key when it has none. */
    public static String hashTag(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            if (close > open + 1) {
                return key.substring(open + 1, close);
            }
        }
        return key;
    }

    /** True when {@code key} carries a hash tag of its own. */
    public static boolean hasHashTag(String key) {
        return !hashTag(key).equals(key);
    }

    /** CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, as Redis Cluster uses it. */
    static int crc16(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc ^= (b & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }
}
