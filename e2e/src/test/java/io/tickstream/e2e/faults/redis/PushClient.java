package io.tickstream.e2e.faults.redis;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client of the push service (protocol in websocket-push-service/README.md) on one channel, as the
 * SDK behaves: it keeps the last {@code offset} and {@code epoch} it saw, and after a close it reconnects (every
 * 250 ms until it gets in) and subscribes again with {@code since} and {@code epoch}. It checks what a user would
 * notice: within an epoch, offsets only move forward (no duplicate, no step back); each resume is answered either
 * {@code subscribed} {@code recovered:true} from exactly its {@code since}, or a {@code snapshot}
 * {@code recovered:false} that replaces the state (never a silent gap).
 */
final class PushClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    final String channel;
    private final URI uri;
    /** Close codes received from the server, in order. */
    final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    /** Problems seen: an offset that went back or repeated, a resume answered from elsewhere than its since. */
    final List<String> violations = new CopyOnWriteArrayList<>();
    /** Every channel frame received (snapshot, subscribed, update, patch). */
    final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    volatile int resumedRecovered;
    volatile int resumedWithSnapshot;
    volatile int connections;
    private volatile String offset;
    private volatile String epoch;
    private volatile String since;
    private volatile WebSocket socket;
    private volatile boolean reconnect = true;

    PushClient(String httpUrl, String channel) {
        this.uri = URI.create(httpUrl.replace("http", "ws") + "/ws");
        this.channel = channel;
        connect();
    }

    String offset() {
        return offset;
    }

    String epoch() {
        return epoch;
    }

    boolean connected() {
        WebSocket current = socket;
        return current != null && !current.isInputClosed();
    }

    private void connect() {
        while (reconnect) {
            try {
                socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3))
                        .buildAsync(uri, new Listener()).get(5, TimeUnit.SECONDS);
                connections++;
                subscribe();
                return;
            } catch (Exception e) {
                pause();
            }
        }
    }

    private void subscribe() {
        String request;
        if (offset != null && epoch != null) {
            since = offset;
            request = "{\"op\":\"subscribe\",\"channels\":[{\"channel\":\"" + channel + "\",\"since\":\"" + offset
                    + "\",\"epoch\":\"" + epoch + "\"}]}";
        } else {
            since = null;
            request = "{\"op\":\"subscribe\",\"channels\":[\"" + channel + "\"]}";
        }
        socket.sendText(request, true);
    }

    private synchronized void onFrame(JsonNode frame) {
        if (!channel.equals(frame.path("channel").asString(""))) {
            return;
        }
        String type = frame.path("type").asString("");
        String frameOffset = frame.path("offset").isString() ? frame.path("offset").asString() : null;
        String frameEpoch = frame.path("epoch").asString(null);
        frames.add(frame);
        switch (type) {
            case "subscribed" -> {
                if (frame.path("recovered").asBoolean(false)) {
                    resumedRecovered++;
                    if (since == null || !since.equals(frameOffset)) {
                        violations.add("resumed from " + frameOffset + " but asked since " + since);
                    }
                }
            }
            case "snapshot" -> {
                if (since != null) {
                    resumedWithSnapshot++;
                }
                since = null;
                epoch = frameEpoch;
                offset = frameOffset; // the state is replaced: whatever came before no longer counts
            }
            case "update", "patch", "trade" -> {
                if (frameOffset != null) {
                    if (frameEpoch != null && frameEpoch.equals(epoch) && offset != null && compare(frameOffset, offset) <= 0) {
                        violations.add(type + " " + frameOffset + " after " + offset + " (epoch " + epoch + ")");
                    }
                    if (frameEpoch != null && !frameEpoch.equals(epoch) && epoch != null) {
                        violations.add(type + " of epoch " + frameEpoch + " without a snapshot after epoch " + epoch);
                    }
                    offset = frameOffset;
                    epoch = frameEpoch;
                }
            }
            default -> {
            }
        }
    }

    private void onClosed(int code) {
        closeCodes.add(code);
        if (reconnect) {
            Thread.ofVirtual().start(() -> {
                pause();
                connect();
            });
        }
    }

    private static int compare(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int ms = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return ms != 0 ? ms : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        reconnect = false;
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    onFrame(JSON.readTree(message));
                } catch (RuntimeException e) {
                    violations.add("unreadable frame: " + message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            onClosed(statusCode);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            onClosed(1006); // closed without a close frame
        }
    }
}
