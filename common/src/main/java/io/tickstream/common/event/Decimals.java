package io.tickstream.common.event;

import java.math.BigDecimal;

/**
 * The one way Tickstream writes a decimal: no trailing zeros, never exponent notation.
 * Prices and amounts travel as strings of this form; binary floating point never carries them.
 */
public final class Decimals {

    private Decimals() {
    }

    /** The canonical value: trailing zeros removed, scale never negative; {@code null} stays null. */
    public static BigDecimal normalize(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** The wire form: a plain decimal string such as {@code 67012.5} or {@code 0.00000123}. */
    public static String toWire(BigDecimal value) {
        return normalize(value).toPlainString();
    }
}
