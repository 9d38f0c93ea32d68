package org.longconn.standby;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers every request for {@code /longconn/*} with 503, {@code Retry-After} and a JSON body with
 * the code {@code node_unavailable}. Deployed at the server's root context, it is reached only
 * while no application holds {@code /longconn}: the server maps a request to the longest matching
 * context root, so once {@code longconn.ear} is deployed the gateway answers and this servlet is
 * never called. Without it, a publisher or polling client would get the server's HTML 404 page
 * while a node starts or redeploys, and could not tell "wrong URL" from "try again shortly".
 *
 * <p>The body has the shape of the API that was asked: the publish API's error object for
 * {@code /longconn/api/*} (docs/BUS.md), an {@code error} frame for everything else (the polling
 * transport and the WebSocket handshake, docs/PROTOCOL.md).
 */
@WebServlet(urlPatterns = "/longconn/*", loadOnStartup = 1)
public class StandbyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Seconds after which a caller should try again; a node deploys the gateway in a few seconds. */
    static final int RETRY_AFTER_SECONDS = 2;

    static final String CODE = "node_unavailable";

    static final String MESSAGE = "longconn is not deployed on this node at the moment (it is starting, stopping or"
            + " being redeployed); retry after the Retry-After delay, or on another node";

    /** The publish API's error object (docs/BUS.md, "HTTP"). */
    static final String API_BODY = "{\"status\":503,\"error\":\"" + CODE + "\",\"message\":\"" + MESSAGE + "\"}";

    /** An {@code error} frame, as the polling transport answers (docs/PROTOCOL.md, section 8). */
    static final String FRAME_BODY = "{\"type\":\"error\",\"code\":\"" + CODE + "\",\"message\":\"" + MESSAGE + "\"}";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        response.setHeader("Cache-Control", "no-store");
        byte[] body = bodyFor(request.getPathInfo()).getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    /** The body for a request whose path below {@code /longconn} is {@code pathInfo} (may be null). */
    static String bodyFor(String pathInfo) {
        return pathInfo != null && pathInfo.startsWith("/api/") ? API_BODY : FRAME_BODY;
    }
}
