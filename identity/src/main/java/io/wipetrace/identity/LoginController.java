package io.wipetrace.identity;

import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page: user name, password, and the authenticator's code for accounts that have one. */
@Controller
class LoginController {

    /** Session attribute: until when the account just tried is locked. */
    static final String LOCKED_UNTIL = LoginController.class.getName() + ".lockedUntil";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneId.of("UTC"));

    @GetMapping("/login")
    String login(final HttpSession session, final Model model) {
        final Object until = session.getAttribute(LOCKED_UNTIL);
        if (until instanceof Instant instant) {
            model.addAttribute("lockedUntil", TIME.format(instant));
            session.removeAttribute(LOCKED_UNTIL);
        }
        return "login";
    }
}
