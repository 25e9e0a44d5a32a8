package io.tickstream.query.reports;

import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;

import java.awt.geom.Point2D;
import java.io.IOException;

/**
 * Counts, in a PDF page's drawing (forms included), the paths stroked in the price charts' colour and the
 * paths filled in the volume bars' colour ({@link SvgCharts}): evidence that the charts are in the PDF as
 * vector graphics, which text extraction cannot see.
 */
final class ChartStrokes extends PDFGraphicsStreamEngine {

    private static final int PRICE_LINE = 0x1f6feb;
    private static final int VOLUME_BAR = 0x8b949e;

    int priceLines;
    int volumeBars;
    private final Point2D.Float current = new Point2D.Float();

    ChartStrokes(PDPage page) {
        super(page);
    }

    static ChartStrokes of(PDPage page) throws IOException {
        ChartStrokes strokes = new ChartStrokes(page);
        strokes.processPage(page);
        return strokes;
    }

    @Override
    public void strokePath() throws IOException {
        if (getGraphicsState().getStrokingColor().toRGB() == PRICE_LINE) {
            priceLines++;
        }
    }

    @Override
    public void fillPath(int windingRule) throws IOException {
        if (getGraphicsState().getNonStrokingColor().toRGB() == VOLUME_BAR) {
            volumeBars++;
        }
    }

    @Override
    public void fillAndStrokePath(int windingRule) throws IOException {
        fillPath(windingRule);
        strokePath();
    }

    @Override
    public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {
    }

    @Override
    public void drawImage(PDImage pdImage) {
    }

    @Override
    public void clip(int windingRule) {
    }

    @Override
    public void moveTo(float x, float y) {
        current.setLocation(x, y);
    }

    @Override
    public void lineTo(float x, float y) {
        current.setLocation(x, y);
    }

    @Override
    public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
        current.setLocation(x3, y3);
    }

    @Override
    public Point2D getCurrentPoint() {
        return current;
    }

    @Override
    public void closePath() {
    }

    @Override
    public void endPath() {
    }

    @Override
    public void shadingFill(org.apache.pdfbox.cos.COSName shadingName) {
    }
}
