package io.tickstream.query.reports;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Report pages from Thymeleaf templates ({@code classpath:reports/templates/}; text escaped unless a
 * template says {@code th:utext}, used only for the charts this service draws). The markup is XHTML so that
 * the PDF ({@link PdfRenderer}) is made from the very same page: the PDF variant carries the stylesheet
 * inline and no navigation; the page links {@code /reports/report.css} (the gateway's CSP allows no inline style).
 */
@Component
class ReportPages {

    private final TemplateEngine engine = new TemplateEngine();
    private final String css;

    ReportPages() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("reports/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        this.css = stylesheet();
    }

    String css() {
        return css;
    }

    /** The page of one report; {@code pdf} for the PDF's variant. */
    String report(Report report, boolean pdf) {
        Map<String, Charts> charts = new LinkedHashMap<>();
        report.content().symbols().forEach(s -> charts.put(s.symbol(), new Charts(SvgCharts.price(s), SvgCharts.volume(s))));
        Context context = context(pdf);
        context.setVariable("report", report);
        context.setVariable("charts", charts);
        ReportContent.MarketSection market = report.content().market();
        context.setVariable("figures", List.of(new FigureRow("Total market cap (USD)", market.totalMarketCapUsd()),
                new FigureRow("24 h volume (USD)", market.totalVolumeUsd()),
                new FigureRow("BTC dominance (%)", market.btcDominancePct()),
                new FigureRow("Fear & greed", market.fearGreed())));
        return engine.process("report", context);
    }

    /** The index: the latest report (or none yet) and one page of the list. */
    String index(Report latest, List<ReportListing> reports, int page, int pages, long total) {
        Context context = context(false);
        context.setVariable("latest", latest);
        context.setVariable("reports", reports);
        context.setVariable("page", page);
        context.setVariable("pages", pages);
        context.setVariable("total", total);
        return engine.process("index", context);
    }

    String notFound(String detail) {
        Context context = context(false);
        context.setVariable("detail", detail);
        return engine.process("not-found", context);
    }

    private Context context(boolean pdf) {
        Context context = new Context(Locale.ROOT);
        context.setVariable("pdf", pdf);
        context.setVariable("css", css);
        context.setVariable("f", Formats.INSTANCE);
        return context;
    }

    private static String stylesheet() {
        try {
            return new ClassPathResource("reports/static/report.css").getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A row of the market summary table. */
    public record FigureRow(String label, ReportContent.Figure figure) {
    }

    /** The two charts of a symbol, SVG markup. */
    public record Charts(String price, String volume) {
    }
}
