package io.wipetrace.portal.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.util.Set;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Who is signed in, held in the server-side session only: the API key never reaches the browser again after the
 * sign-in form. The portal forwards it to the gateway as {@code X-Api-Key}; the gateway decides what it may do.
 *
 * @param apiKey the key the person signed in with
 * @param organisation the organisation it acts for, e.g. {@code processor}
 * @param mspId that organisation's MSP ID
 * @param roles PARTNER, REGULATOR or ADMIN
 */
public record SignIn(String apiKey, String organisation, String mspId, Set<String> roles) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String ATTRIBUTE = SignIn.class.getName();

    /** @return whether this is a regulator's key */
    public boolean regulator() {
        return roles.contains("REGULATOR");
    }

    /** @return the sign-in of this session, or {@code null} */
    public static SignIn of(final HttpServletRequest request) {
        final HttpSession session = request.getSession(false);
        return session == null ? null : (SignIn) session.getAttribute(ATTRIBUTE);
    }

    /** Remembers the sign-in in a new session (a new ID, against session fixation). */
    public static void remember(final HttpServletRequest request, final SignIn signIn) {
        request.getSession(true);
        request.changeSessionId();
        request.getSession().setAttribute(ATTRIBUTE, signIn);
    }

    /** Forgets it. */
    public static void forget(final HttpServletRequest request) {
        final HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }

    /**
     * Sends anyone not signed in to the sign-in page (and back afterwards); partner pages need a partner key,
     * regulator pages a regulator key.
     */
    static final class Required implements HandlerInterceptor {

        @Override
        public boolean preHandle(final HttpServletRequest request, final HttpServletResponse response,
                final Object handler) throws Exception {
            final SignIn signIn = of(request);
            final String path = request.getRequestURI().substring(request.getContextPath().length());
            final boolean regulatorPage = path.startsWith("/regulator");
            if (signIn == null || signIn.regulator() != regulatorPage) {
                response.sendRedirect(request.getContextPath() + "/login?next="
                        + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8)
                        + (signIn == null ? "" : "&wrongRole=true"));
                return false;
            }
            request.setAttribute("signIn", signIn);
            return true;
        }
    }
}
