package io.tickstream.query.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How the report pages write figures ({@code ${f.…}} in the templates): amounts grouped, percentages
 * signed, times as {@code yyyy-MM-dd HH:mm UTC}, a dash for a missing figure. Pages only: the JSON keeps
 * exact decimal strings.
 */
public final class Formats {

    static final Formats INSTANCE = new Formats();
    private static final String NONE = "—";

    private Formats() {
    }

    /** A price or amount: thousands grouped, at most 8 decimals (2 from 1,000 up). */
    public String num(String value) {
        if (value == null) {
            return NONE;
        }
        BigDecimal number = new BigDecimal(value);
        int decimals = number.abs().compareTo(BigDecimal.valueOf(1000)) >= 0 ? 2 : 8;
        DecimalFormat format = new DecimalFormat("#,##0." + "#".repeat(decimals), DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        return format.format(number);
    }

    /** A change in %: {@code +1.25 %}, {@code -0.5 %}. */
    public String pct(String value) {
        if (value == null) {
            return NONE;
        }
        return (new BigDecimal(value).signum() > 0 ? "+" : "") + value + " %";
    }

    /** A signed change of a figure. */
    public String change(String value) {
        if (value == null) {
            return NONE;
        }
        return (new BigDecimal(value).signum() > 0 ? "+" : "") + num(value);
    }

    /** An ISO-8601 UTC time (or instant) as {@code 2026-12-06 14:00 UTC}. */
    public String time(Object iso) {
        if (iso == null) {
            return NONE;
        }
        String text = iso.toString();
        return text.length() >= 16 ? text.substring(0, 10) + " " + text.substring(11, 16) + " UTC" : text;
    }

    /** A CSS class for a change: {@code up}, {@code down} or {@code flat}. */
    public String trend(String value) {
        if (value == null) {
            return "flat";
        }
        int sign = new BigDecimal(value).signum();
        return sign > 0 ? "up" : sign < 0 ? "down" : "flat";
    }
}
