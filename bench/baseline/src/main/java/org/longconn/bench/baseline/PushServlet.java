package org.longconn.bench.baseline;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /bare/api/push?mode=async|broadcast} with the gateway's body
 * ({@code {"opType":...,"data":...}}, docs/BUS.md §8), answered 202 after the fan-out was started:
 * the baseline for the gateway's HTTP publish API.
 */
@WebServlet("/api/push")
public class PushServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String mode = request.getParameter("mode") == null ? "async" : request.getParameter("mode");
        JsonObject body;
        try (JsonReader reader = Json.createReader(request.getInputStream())) {
            body = reader.readObject();
        } catch (RuntimeException bad) {
            response.sendError(400, "body must be {\"opType\":...,\"data\":...}");
            return;
        }
        if (!Fanout.knownMode(mode) || !body.containsKey("opType") || !body.containsKey("data")) {
            response.sendError(400, "needs opType, data and mode async|broadcast");
            return;
        }
        Fanout.publish(mode, body.getString("opType"), body.get("data").toString());
        response.setStatus(202);
        response.setContentType("application/json");
        response.getWriter().write("{\"accepted\":true}");
    }
}
