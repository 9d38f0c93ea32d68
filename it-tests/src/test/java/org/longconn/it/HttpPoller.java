package org.longconn.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** A client of the HTTP polling transport, as plain as a mini-program's request API. */
final class HttpPoller {

    /** An answer: the HTTP status, the JSON body ({@code null} when empty or not JSON) and the raw text. */
    record Answer(int status, JsonObject body, String text) {
        List<JsonObject> pushes() {
            return poll().getJsonArray("pushes").getValuesAs(JsonObject.class);
        }

        JsonObject result(int i) {
            return poll().getJsonArray("results").getJsonObject(i);
        }

        private JsonObject poll() {
            if (body == null || !body.containsKey("results")) {
                throw new AssertionError("not a poll answer: " + status + " " + text);
            }
            return body;
        }

        /** The position of result {@code i}, for the next poll. */
        String position(int i) {
            return result(i).getString("position");
        }
    }

    /** HTTP/1.1 as the SDKs poll (the JDK's default tries an h2c upgrade on every connection). */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI endpoint;

    /** @param endpoint the gateway's {@code .../longconn/poll} URI */
    HttpPoller(URI endpoint) {
        this.endpoint = endpoint;
    }

    static HttpPoller at(int port) {
        return new HttpPoller(URI.create("http://127.0.0.1:" + port + "/longconn/poll"));
    }

    /** {@code opType} with {@code position}, as a {@code sub} value. */
    static String sub(String opType, String position) {
        return position == null ? opType : opType + "@" + position;
    }

    /** Polls {@code subs} ({@code opType} or {@code opType@position}) waiting at most {@code waitMs}; extra is a raw query part. */
    CompletableFuture<Answer> pollAsync(long waitMs, String extra, String... subs) {
        String query = List.of(subs).stream()
                        .map(s -> "sub=" + URLEncoder.encode(s, StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"))
                + "&wait=" + waitMs + (extra == null ? "" : "&" + extra);
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "?" + query))
                .timeout(Duration.ofMillis(waitMs + 30_000))
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(HttpPoller::answer);
    }

    Answer poll(long waitMs, String... subs) throws Exception {
        return pollAsync(waitMs, null, subs).get();
    }

    /** Posts one client frame; {@code query} (may be {@code null}) carries e.g. a token. */
    Answer post(String frame, String query) throws Exception {
        return postAsync(frame, query, "text/plain;charset=UTF-8").get();
    }

    /** Posts one client frame with the given content type, without waiting for the answer. */
    CompletableFuture<Answer> postAsync(String frame, String query, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(frame))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(HttpPoller::answer);
    }

    /** Posts one binary client frame (PROTOCOL.md §3.7) as {@code application/octet-stream}. */
    Answer postBinary(byte[] frame, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(frame))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(HttpPoller::answer)
                .get();
    }

    /** Raw GET with {@code query}, for malformed requests. */
    HttpResponse<String> get(String query) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(endpoint + "?" + query))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Answer answer(HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isEmpty() || !body.startsWith("{")) {
            return new Answer(response.statusCode(), null, body);
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return new Answer(response.statusCode(), reader.readObject(), body);
        }
    }
}
