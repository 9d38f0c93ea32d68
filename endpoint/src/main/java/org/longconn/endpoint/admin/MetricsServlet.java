package org.longconn.endpoint.admin;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.longconn.endpoint.metrics.GatewayMetrics;
import org.longconn.endpoint.web.HttpAnswers;

/**
 * {@code GET /longconn/metrics}: every meter in the Prometheus text format (0.0.4). 401 without
 * the admin secret when one is set; 404 when metrics are off.
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient GatewayMetrics metrics;

    @Inject
    transient AdminAccess access;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!access.mayReadMetrics(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"longconn\"");
            HttpAnswers.write(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "{\"status\":401,\"error\":\"unauthorized\",\"message\":\"send the admin secret as"
                            + " 'Authorization: Bearer <secret>'\"}");
            return;
        }
        String text = metrics.scrape();
        if (text == null) {
            HttpAnswers.write(
                    response,
                    HttpServletResponse.SC_NOT_FOUND,
                    "{\"status\":404,\"error\":\"not_found\",\"message\":\"metrics are off on this node"
                            + " (longconn.metrics=false)\"}");
            return;
        }
        HttpAnswers.write(
                response,
                HttpServletResponse.SC_OK,
                "text/plain; version=0.0.4; charset=utf-8",
                text.getBytes(StandardCharsets.UTF_8));
    }
}
