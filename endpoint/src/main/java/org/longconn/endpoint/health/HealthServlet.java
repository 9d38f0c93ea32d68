package org.longconn.endpoint.health;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.longconn.endpoint.bus.Bus;
import org.longconn.endpoint.lifecycle.GatewayLifecycle;
import org.longconn.endpoint.web.HttpAnswers;

/**
 * {@code GET /health/live}: 200 while the gateway is deployed and answering (restart the node
 * when this fails). {@code GET /health/ready}: 200 when the node should get traffic, else 503 with
 * what is missing ({@link Readiness}), with {@code Retry-After}. Both JSON, never cached, open to
 * every caller (they tell nothing but the node's state).
 */
@WebServlet(urlPatterns = "/health/*")
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final String LIVE = "{\"status\":\"UP\"}";

    @Inject
    transient GatewayLifecycle lifecycle;

    @Inject
    transient Bus bus;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if ("/live".equals(path)) {
            HttpAnswers.write(response, HttpServletResponse.SC_OK, LIVE);
        } else if ("/ready".equals(path)) {
            Readiness readiness = new Readiness(lifecycle.serving(), bus.state());
            HttpAnswers.write(
                    response,
                    readiness.ready() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    readiness.json());
        } else {
            HttpAnswers.write(
                    response,
                    HttpServletResponse.SC_NOT_FOUND,
                    "{\"status\":404,\"error\":\"not_found\",\"message\":\"health has /health/live and /health/ready\"}");
        }
    }
}
