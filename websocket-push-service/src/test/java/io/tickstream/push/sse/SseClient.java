package io.tickstream.push.sse;

import io.tickstream.push.channel.Frames;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal {@code text/event-stream} reader for tests (the JDK's HTTP client, lines parsed as the
 * HTML standard says): each event's {@code id} and its {@code data} as JSON; comments counted.
 */
final class SseClient implements AutoCloseable {

    /** One event: its {@code id} (null when it had none) and its data. */
    record Event(String id, JsonNode data) {
    }

    private static final Event END = new Event(null, null);

    private final HttpClient http;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<java.io.InputStream> response;
    private final Thread reader;
    volatile int comments;

    private SseClient(HttpClient http, HttpResponse<java.io.InputStream> response) {
        this.http = http;
        this.response = response;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    static SseClient open(String url, String lastEventId) {
        return openWith(url, lastEventId == null ? new String[0] : new String[] {"Last-Event-ID", lastEventId});
    }

    /** Opens a stream with these extra request headers (name, value, name, value…). */
    static SseClient openWith(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body().readAllBytes()));
            }
            return new SseClient(http, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next event, failing after {@code wait}; {@code null} data means the stream ended. */
    Event next(Duration wait) {
        try {
            Event event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + wait);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, Frames.json().readTree(data.toString())));
                    }
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).strip());
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            events.add(END);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // closing anyway
        }
        reader.interrupt();
        http.close();
    }
}
