package org.symple.server.endpoint;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves the start page for a plain GET of the context root. Some containers answer a WebSocket upgrade at "/"
 * with the welcome file unless the root is mapped explicitly; with this mapping the upgrade reaches the endpoint.
 * An upgrade that arrives here was refused by the WebSocket container (its origin check failed), so it gets 403.
 */
@WebServlet(urlPatterns = "")
public class IndexServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        request.getRequestDispatcher("/index.html").forward(request, response);
    }
}
