package io.tickstream.query.reports;

import io.tickstream.query.reports.ReportContent.Bar;
import io.tickstream.query.reports.ReportContent.SymbolSection;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Server-rendered SVG charts of one symbol: its open and bar closes as a line (with the period's high and low
 * marked) and the source's 24 h volume at each bar as bars. Plain SVG with presentation attributes (no
 * style attributes: the gateway's CSP allows no inline style), the same markup in the page and the PDF.
 * Only figures and canonical symbols go in; the text is escaped all the same.
 */
final class SvgCharts {

    static final int WIDTH = 640;
    static final int HEIGHT = 160;
    private static final int LEFT = 70;
    private static final int RIGHT = 10;
    private static final int TOP = 12;
    private static final int BOTTOM = 22;

    private SvgCharts() {
    }

    /** The price chart: the period's open, then each bar's close, as a polyline over the period's high-low range. */
    static String price(SymbolSection symbol) {
        List<Bar> bars = symbol.bars();
        double low = Double.parseDouble(symbol.low());
        double high = Double.parseDouble(symbol.high());
        List<String> prices = new ArrayList<>();
        prices.add(bars.getFirst().open());
        bars.forEach(bar -> prices.add(bar.close()));
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < prices.size(); i++) {
            points.append(fmt(x(i, prices.size()))).append(',').append(fmt(y(Double.parseDouble(prices.get(i)), low, high))).append(' ');
        }
        return open("price-" + symbol.symbol(), symbol.symbol() + " open, then close per bar")
                + axes(symbol.high(), symbol.low(), bars)
                + "<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"" + points.toString().trim() + "\"/>"
                + "</svg>";
    }

    /** The volume chart: the source's 24 h volume at each bar's last quote; a note when the source gives none. */
    static String volume(SymbolSection symbol) {
        List<Bar> bars = symbol.bars();
        double max = bars.stream().filter(b -> b.volume24h() != null).mapToDouble(b -> Double.parseDouble(b.volume24h()))
                .max().orElse(0);
        StringBuilder svg = new StringBuilder(open("volume-" + symbol.symbol(), symbol.symbol() + " 24 h volume per bar"));
        if (max <= 0) {
            return svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\" font-size=\"12\" fill=\"#666\">no volume data in the archive</text></svg>").toString();
        }
        svg.append(axes(new BigDecimal(Double.toString(max)).stripTrailingZeros().toPlainString(), "0", bars));
        double slot = (WIDTH - LEFT - RIGHT) / (double) bars.size();
        for (int i = 0; i < bars.size(); i++) {
            if (bars.get(i).volume24h() == null) {
                continue;
            }
            double top = y(Double.parseDouble(bars.get(i).volume24h()), 0, max);
            svg.append("<rect x=\"").append(fmt(LEFT + i * slot + slot * 0.1)).append("\" y=\"").append(fmt(top))
                    .append("\" width=\"").append(fmt(slot * 0.8)).append("\" height=\"").append(fmt(HEIGHT - BOTTOM - top))
                    .append("\" fill=\"#8b949e\"/>");
        }
        return svg.append("</svg>").toString();
    }

    private static String open(String id, String title) {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + escape(id) + "\" class=\"chart\" role=\"img\" width=\"" + WIDTH
                + "\" height=\"" + HEIGHT + "\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\"><title>" + escape(title) + "</title>"
                + "<rect x=\"0\" y=\"0\" width=\"" + WIDTH + "\" height=\"" + HEIGHT + "\" fill=\"#ffffff\"/>";
    }

    private static String axes(String top, String bottom, List<Bar> bars) {
        int plotBottom = HEIGHT - BOTTOM;
        return "<line x1=\"" + LEFT + "\" y1=\"" + TOP + "\" x2=\"" + LEFT + "\" y2=\"" + plotBottom + "\" stroke=\"#999\"/>"
                + "<line x1=\"" + LEFT + "\" y1=\"" + plotBottom + "\" x2=\"" + (WIDTH - RIGHT) + "\" y2=\"" + plotBottom + "\" stroke=\"#999\"/>"
                + label(LEFT - 4, TOP + 8, "end", top) + label(LEFT - 4, plotBottom, "end", bottom)
                + label(LEFT, HEIGHT - 6, "start", hour(bars.getFirst().time()))
                + label(WIDTH - RIGHT, HEIGHT - 6, "end", hour(bars.getLast().time()));
    }

    private static String label(int x, int y, String anchor, String text) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\" font-size=\"10\" fill=\"#333\">"
                + escape(text) + "</text>";
    }

    /** {@code 2026-12-06T14:00:00Z} as {@code 12-06 14:00}. */
    private static String hour(String iso) {
        return iso.length() >= 16 ? iso.substring(5, 10) + " " + iso.substring(11, 16) : iso;
    }

    private static double x(int index, int count) {
        double width = WIDTH - LEFT - RIGHT;
        return count == 1 ? LEFT + width / 2 : LEFT + width * index / (count - 1);
    }

    private static double y(double value, double low, double high) {
        double height = HEIGHT - TOP - BOTTOM;
        double share = high > low ? (value - low) / (high - low) : 0.5;
        return TOP + height * (1 - share);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
