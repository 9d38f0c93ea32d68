package org.longconn.endpoint.admin;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.longconn.api.session.CloseCodes;
import org.longconn.api.session.ClusterOutcome;
import org.longconn.api.session.Disconnect;
import org.longconn.api.session.SessionControl;
import org.longconn.endpoint.cluster.ClusterControl;
import org.longconn.endpoint.cluster.ClusterNode;
import org.longconn.endpoint.session.GatewaySession;
import org.longconn.endpoint.session.SessionRegistry;
import org.longconn.endpoint.subscription.SubscriptionIndex;
import org.longconn.endpoint.web.HttpAnswers;

/**
 * The admin API, JSON under {@code /longconn/admin/}, for callers with {@code Authorization:
 * Bearer <adminSecret>} (401 without it; 404 {@code admin_off} when no secret is set):
 *
 * <ul>
 *   <li>{@code GET /admin/}: the live dashboard (a static page on this API; the operator types the
 *       secret into it);
 *   <li>{@code GET /admin/nodes}: the nodes of the cluster alive now, as this node hears them;
 *   <li>{@code GET /admin/users/<userId>}: that user's sessions on every node;
 *   <li>{@code GET /admin/subscribers?opType=...}: the sessions subscribed to that exact opType
 *       (directly or by a pattern) on every node;
 *   <li>{@code GET /admin/subscriptions?top=20}: this node's busiest subscriptions;
 *   <li>{@code POST /admin/disconnect} with {@code {"userId":...}} or {@code {"sessionId":...}},
 *       optional {@code code} (4000-4999, default 4500: stop) and {@code reason}: disconnects on
 *       every node and answers what each node did;
 *   <li>{@code POST /admin/drain} with {@code {"node":...}} (default: this node): that node
 *       drains (its sessions are told to reconnect elsewhere, spread over {@code drainWindowMs})
 *       and answers how many sessions it told.
 * </ul>
 */
@WebServlet(urlPatterns = "/admin/*", asyncSupported = true)
public class AdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(AdminServlet.class.getName());
    /** Bodies of admin requests are a few fields. */
    private static final int MAX_BODY_BYTES = 4096;
    /** The dashboard page, inside the WAR where no URL reaches it but this servlet. */
    private static final String DASHBOARD = "/WEB-INF/admin/index.html";

    @Inject
    transient AdminAccess access;

    @Inject
    transient ClusterControl cluster;

    @Inject
    transient SessionControl control;

    @Inject
    transient SessionRegistry sessions;

    @Inject
    transient SubscriptionIndex index;

    @Override
    public void init() {
        if (!access.protectedBySecret()) {
            LOG.info("longconn admin API: off (set longconn.adminSecret to turn it on)");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() == null || "/".equals(request.getPathInfo())) {
            page(request, response);
            return;
        }
        if (!admitted(request, response)) {
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.startsWith("/users/") && path.length() > "/users/".length()) {
            answerWhenDone(request, cluster.countUserSessions(path.substring("/users/".length())));
            return;
        }
        if (path.equals("/subscribers")) {
            String opType = request.getParameter("opType");
            if (opType == null || opType.isBlank()) {
                error(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request", "name the opType: ?opType=...");
                return;
            }
            answerWhenDone(request, cluster.countSubscribers(opType));
            return;
        }
        if (path.equals("/subscriptions")) {
            write(response, HttpServletResponse.SC_OK, busiest(request.getParameter("top")));
            return;
        }
        if (!"/nodes".equals(path)) {
            notFound(response);
            return;
        }
        JsonArrayBuilder nodes = Json.createArrayBuilder();
        for (ClusterNode node : cluster.nodes()) {
            nodes.add(Json.createObjectBuilder()
                    .add("id", node.id())
                    .add("sessions", node.sessions())
                    .add("subscriptions", node.subscriptions())
                    .add("startedAt", node.startedAt())
                    .add("lastSeen", node.lastSeenMillis()));
        }
        write(
                response,
                HttpServletResponse.SC_OK,
                Json.createObjectBuilder()
                        .add("node", cluster.nodeId())
                        .add("nodes", nodes)
                        .build());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!admitted(request, response)) {
            return;
        }
        if ("/drain".equals(request.getPathInfo())) {
            String node;
            try {
                node = readBody(request).getString("node", cluster.nodeId());
            } catch (JsonException | ClassCastException | IllegalArgumentException e) {
                error(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request", message(e));
                return;
            }
            answerWhenDone(request, cluster.drain(node));
            return;
        }
        if ("/subscribe".equals(request.getPathInfo()) || "/unsubscribe".equals(request.getPathInfo())) {
            subscription(request, response, "/subscribe".equals(request.getPathInfo()));
            return;
        }
        if (!"/disconnect".equals(request.getPathInfo())) {
            notFound(response);
            return;
        }
        JsonObject body;
        Disconnect disconnect;
        try {
            body = readBody(request);
            int code = body.getInt("code", CloseCodes.SERVER_STOP);
            disconnect = new Disconnect(
                    code, body.getString("reason", "disconnected by an operator"), CloseCodes.meansReconnect(code));
        } catch (JsonException | ClassCastException | IllegalArgumentException e) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request", message(e));
            return;
        }
        String userId = body.getString("userId", null);
        String sessionId = body.getString("sessionId", null);
        if ((userId == null) == (sessionId == null)) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request", "give exactly one of userId, sessionId");
            return;
        }
        answerWhenDone(
                request,
                userId != null
                        ? cluster.disconnectUser(userId, disconnect)
                        : cluster.disconnectSession(sessionId, disconnect));
    }

    /**
     * {@code POST /subscribe} and {@code /unsubscribe} with {@code {"userId"|"sessionId", "opType"}}:
     * a server-made subscription (PROTOCOL.md §17) of a user (kept for the user's later sessions)
     * or of one session, on every node.
     */
    private void subscription(HttpServletRequest request, HttpServletResponse response, boolean subscribe)
            throws IOException {
        CompletionStage<ClusterOutcome> outcome;
        try {
            JsonObject body = readBody(request);
            String userId = body.getString("userId", null);
            String sessionId = body.getString("sessionId", null);
            String opType = body.getString("opType", null);
            if ((userId == null) == (sessionId == null) || opType == null) {
                throw new IllegalArgumentException("give opType and exactly one of userId, sessionId");
            }
            if (userId != null) {
                outcome = subscribe ? control.subscribeUser(userId, opType) : control.unsubscribeUser(userId, opType);
            } else {
                outcome = subscribe
                        ? control.subscribeSession(sessionId, opType)
                        : control.unsubscribeSession(sessionId, opType);
            }
        } catch (JsonException | ClassCastException | IllegalArgumentException e) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, "bad_request", message(e));
            return;
        }
        answerWhenDone(request, outcome);
    }

    /** The nodes answer within seconds: the request thread does not wait for them. */
    private static void answerWhenDone(HttpServletRequest request, CompletionStage<ClusterOutcome> outcome) {
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        outcome.whenComplete((done, failure) -> {
            try {
                HttpServletResponse answer = (HttpServletResponse) async.getResponse();
                if (failure != null) {
                    error(answer, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal_error", failure.toString());
                } else {
                    write(answer, HttpServletResponse.SC_OK, json(done));
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "the admin caller went away before its answer", e);
            } finally {
                async.complete();
            }
        });
    }

    /**
     * The dashboard, a static page on this API: it holds no data, so it loads without the secret
     * (which the operator types into it, and it sends with every call); off like the API.
     */
    private void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!access.protectedBySecret()) {
            admitted(request, response); // answers admin_off
            return;
        }
        if (request.getPathInfo() == null) {
            response.sendRedirect(request.getContextPath() + "/admin/");
            return;
        }
        byte[] html;
        try (InputStream in = getServletContext().getResourceAsStream(DASHBOARD)) {
            if (in == null) {
                error(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "this WAR has no " + DASHBOARD);
                return;
            }
            html = in.readAllBytes();
        }
        // The page's own script and styles only; it talks to this origin alone.
        response.setHeader(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'");
        HttpAnswers.write(response, HttpServletResponse.SC_OK, "text/html;charset=UTF-8", html);
    }

    /** This node's busiest subscriptions (opTypes and patterns as written), with their sessions. */
    private JsonObject busiest(String top) {
        int limit = 20;
        try {
            limit = top == null ? limit : Math.max(1, Math.min(1000, Integer.parseInt(top)));
        } catch (NumberFormatException e) {
            // the default
        }
        Map<String, Integer> counts = new HashMap<>();
        for (GatewaySession session : sessions.all()) {
            for (String subscription : index.subscriptionsOf(session.id())) {
                counts.merge(subscription, 1, Integer::sum);
            }
        }
        JsonArrayBuilder list = Json.createArrayBuilder();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .forEach(entry -> list.add(Json.createObjectBuilder()
                        .add("subscription", entry.getKey())
                        .add("sessions", entry.getValue())));
        return Json.createObjectBuilder()
                .add("node", cluster.nodeId())
                .add("distinct", counts.size())
                .add("busiest", list)
                .build();
    }

    private static JsonObject json(ClusterOutcome outcome) {
        JsonObjectBuilder byNode = Json.createObjectBuilder();
        new TreeMap<>(outcome.byNode()).forEach(byNode::add);
        JsonArrayBuilder unanswered = Json.createArrayBuilder();
        outcome.unanswered().stream().sorted().forEach(unanswered::add);
        return Json.createObjectBuilder()
                .add("total", outcome.total())
                .add("byNode", byNode)
                .add("unanswered", unanswered)
                .build();
    }

    private boolean admitted(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!access.protectedBySecret()) {
            error(
                    response,
                    HttpServletResponse.SC_NOT_FOUND,
                    "admin_off",
                    "the admin API is off on this node: set longconn.adminSecret");
            return false;
        }
        if (!access.authorized(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"longconn\"");
            error(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "unauthorized",
                    "send the admin secret as 'Authorization: Bearer <secret>'");
            return false;
        }
        return true;
    }

    private static JsonObject readBody(HttpServletRequest request) throws IOException {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the body is over " + MAX_BODY_BYTES + " bytes");
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT; // POST /admin/drain without a body: this node
        }
        try (JsonReader reader =
                Json.createReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
            return reader.readObject();
        }
    }

    private static String message(Exception e) {
        return e instanceof IllegalArgumentException
                ? e.getMessage()
                : "the body is not a JSON object of the documented fields";
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        error(
                response,
                HttpServletResponse.SC_NOT_FOUND,
                "not_found",
                "the admin API has GET /admin/nodes, /admin/users/<id>, /admin/subscribers?opType=, /admin/subscriptions, POST /admin/disconnect and /admin/drain");
    }

    private static void error(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        write(
                response,
                status,
                Json.createObjectBuilder()
                        .add("status", status)
                        .add("error", code)
                        .add("message", message)
                        .build());
    }

    private static void write(HttpServletResponse response, int status, JsonObject json) throws IOException {
        HttpAnswers.write(response, status, json.toString());
    }
}
