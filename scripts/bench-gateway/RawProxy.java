import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * Reference for scripts/bench-gateway.sh, not a product: the least a JVM proxy can do per request on the
 * gateway's own networking stack (Reactor Netty server and pooled client, no routing, filters, metrics,
 * logs or protection). Run with the gateway's runtime classpath: {@code java -cp <cp> RawProxy.java <port> <upstream>}.
 */
public class RawProxy {
    public static void main(String[] args) {
        HttpClient upstream = HttpClient.create(ConnectionProvider.create("upstream", 500)).baseUrl(args[1]);
        HttpServer.create().host("127.0.0.1").port(Integer.parseInt(args[0]))
                .handle((request, response) -> upstream.headers(headers -> headers.set(request.requestHeaders()).remove("Host"))
                        .get().uri(request.uri())
                        .response((answer, body) -> response.status(answer.status()).headers(answer.responseHeaders()).send(body.retain())))
                .bindNow().onDispose().block();
    }
}
