package org.symple.server.it.support;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Test-only: serves index.html for the context root ("" mapping) by a forward. With this mapping WildFly hands
 * a WebSocket upgrade at the context root to the endpoint at "/" instead of answering it with the welcome
 * file (HTTP 200 + index.html); Payara and Open Liberty need no such mapping, and it does no harm there.
 */
@WebServlet("")
public class WelcomeForwardServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        request.getRequestDispatcher("/index.html").forward(request, response);
    }
}
