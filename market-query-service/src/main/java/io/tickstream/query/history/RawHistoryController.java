package io.tickstream.query.history;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tickstream.query.csv.CsvTable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Raw quote and trade history of one symbol, from the archive, paged; JSON or CSV. */
@RestController
class RawHistoryController {

    private final RawHistory history;
    private final JsonMapper json;

    RawHistoryController(RawHistory history, JsonMapper json) {
        this.history = history;
        this.json = json;
    }

    @Operation(summary = "Quote history", description = "The archived quotes of the symbol in [from, to) (default the last hour), "
            + "of every source or one, oldest first, `limit` per page; `next` (and a `Link: rel=\"next\"` header) asks "
            + "for the following page. Raw rows are kept 30 days by default; candles outlive them. `Accept: text/csv` answers CSV.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = QuotePage.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string",
                    example = "id,source,quote,price,change24hPct,volume24h,marketCap,high24h,low24h,stale,time,ingestTime"))})
    @GetMapping(value = "/api/v1/quotes/{symbol}/history", produces = {"application/json", "text/csv"})
    Mono<ResponseEntity<byte[]>> quotes(
            @PathVariable String symbol,
            @Parameter(description = "ISO-8601 instant or epoch seconds; default an hour before to") @RequestParam(required = false) String from,
            @Parameter(description = "ISO-8601 instant or epoch seconds (exclusive); default now") @RequestParam(required = false) String to,
            @Parameter(description = "only this source's quotes, e.g. consensus") @RequestParam(required = false) String source,
            @Parameter(description = "1..5000, default 500: rows per page") @RequestParam(required = false) String limit,
            @Parameter(description = "from a `next` link: where the next page starts") @RequestParam(required = false) String cursor,
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return answer(RawTable.QUOTES, symbol, from, to, source, limit, cursor, accept);
    }

    @Operation(summary = "Trade history", description = "The archived trades of the symbol in [from, to) (default the last hour), "
            + "of every venue or one, oldest first, `limit` per page; `next` (and a `Link: rel=\"next\"` header) asks "
            + "for the following page. `Accept: text/csv` answers CSV.")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = TradePage.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string",
                    example = "id,source,quote,price,size,side,tradeId,time,ingestTime"))})
    @GetMapping(value = "/api/v1/quotes/{symbol}/trades/history", produces = {"application/json", "text/csv"})
    Mono<ResponseEntity<byte[]>> trades(
            @PathVariable String symbol,
            @Parameter(description = "ISO-8601 instant or epoch seconds; default an hour before to") @RequestParam(required = false) String from,
            @Parameter(description = "ISO-8601 instant or epoch seconds (exclusive); default now") @RequestParam(required = false) String to,
            @Parameter(description = "only this venue's trades, e.g. binance") @RequestParam(required = false) String source,
            @Parameter(description = "1..5000, default 500: rows per page") @RequestParam(required = false) String limit,
            @Parameter(description = "from a `next` link: where the next page starts") @RequestParam(required = false) String cursor,
            @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return answer(RawTable.TRADES, symbol, from, to, source, limit, cursor, accept);
    }

    private Mono<ResponseEntity<byte[]>> answer(RawTable table, String symbol, String from, String to, String source,
                                                String limit, String cursor, String accept) {
        return Mono.fromCallable(() -> history.request(table, symbol, from, to, source, limit, cursor))
                .flatMap(history::page)
                .map(page -> CsvTable.wanted(accept) ? csv(page) : json(page));
    }

    private ResponseEntity<byte[]> json(RawHistory.Page page) {
        RawHistory.Request request = page.request();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("symbol", request.symbol());
        body.put("source", request.source());
        body.put("from", request.from().toString());
        body.put("to", request.to().toString());
        body.put(request.table().field(), page.rows());
        body.put("next", page.next());
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .cacheControl(CacheControl.noCache());
        if (page.next() != null) {
            answer.header(HttpHeaders.LINK, "<" + page.next() + ">; rel=\"next\"");
        }
        return answer.body(json.writeValueAsBytes(body));
    }

    private static ResponseEntity<byte[]> csv(RawHistory.Page page) {
        List<String> columns = page.request().table().columns();
        CsvTable table = new CsvTable(columns.toArray(String[]::new));
        page.rows().forEach(row -> table.row(columns.stream().map(row::get).toList()));
        return table.answer(page.next(), new HttpHeaders());
    }

    /** A page of quotes, for the OpenAPI description. */
    @Schema(name = "QuoteHistoryPage")
    record QuotePage(String symbol, @Schema(nullable = true) String source, String from, String to, List<QuoteRow> quotes,
                     @Schema(nullable = true, description = "the next page, null on the last") String next) {
    }

    /** One archived quote. */
    @Schema(name = "QuoteRow")
    record QuoteRow(@Schema(example = "quote:binance:BTC:USDT:1763800000000") String id, String source, String quote,
                    @Schema(description = "decimal string") String price, String change24hPct, String volume24h,
                    String marketCap, String high24h, String low24h, boolean stale,
                    @Schema(description = "source time, ISO-8601") String time, String ingestTime) {
    }

    /** A page of trades, for the OpenAPI description. */
    @Schema(name = "TradeHistoryPage")
    record TradePage(String symbol, @Schema(nullable = true) String source, String from, String to, List<TradeRow> trades,
                     @Schema(nullable = true, description = "the next page, null on the last") String next) {
    }

    /** One archived trade. */
    @Schema(name = "TradeRow")
    record TradeRow(@Schema(example = "trade:binance:BTC:USDT:5123456789") String id, String source, String quote,
                    @Schema(description = "decimal string") String price, @Schema(description = "base asset") String size,
                    @Schema(allowableValues = {"buy", "sell", "unknown"}) String side, String tradeId,
                    @Schema(description = "the venue's time, ISO-8601") String time, String ingestTime) {
    }
}
