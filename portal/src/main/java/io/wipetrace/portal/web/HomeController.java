package io.wipetrace.portal.web;

import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.gateway.GatewayProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The start page and the sign-in page: people sign in as themselves at the identity provider ({@link OpenIdSignIn});
 * the API-key form is for machines and tests, offered only where {@code wipetrace.portal.sign-in.api-keys} allows.
 */
@Controller
class HomeController {

    private final GatewayClient gateway;
    private final ProblemSentences sentences;
    private final SignInProperties signInProperties;

    HomeController(final GatewayClient gateway, final ProblemSentences sentences,
            final SignInProperties signInProperties) {
        this.gateway = gateway;
        this.sentences = sentences;
        this.signInProperties = signInProperties;
    }

    @org.springframework.web.bind.annotation.ModelAttribute
    void signInMethods(final Model model) {
        model.addAttribute("openIdConnect", signInProperties.openIdConnect());
        model.addAttribute("apiKeySignIn", signInProperties.apiKeys() || !signInProperties.openIdConnect());
    }

    @GetMapping("/")
    String home() {
        return "home";
    }

    @GetMapping("/login")
    String loginForm(@RequestParam(required = false) final String next, final Model model) {
        model.addAttribute("next", safeNext(next));
        return "login";
    }

    @PostMapping("/login")
    String login(@RequestParam final String apiKey, @RequestParam(required = false) final String next,
            final HttpServletRequest request, final Locale locale, final Model model) {
        final String key = apiKey.strip();
        if (!signInProperties.apiKeys() && signInProperties.openIdConnect()) {
            return "redirect:/login";
        }
        try {
            final Map<String, Object> me = gateway.object(key, "/api/v1/me");
            @SuppressWarnings("unchecked")
            final List<String> roles = (List<String>) me.get("roles");
            final SignIn signIn = new SignIn(key, (String) me.get("organisation"), (String) me.get("mspId"),
                    new HashSet<>(roles));
            SignIn.remember(request, signIn);
            final String target = safeNext(next);
            return "redirect:" + (target != null ? target : signIn.regulator() ? "/regulator" : "/partner");
        } catch (GatewayProblem problem) {
            model.addAttribute("error", sentences.of(problem, locale));
            model.addAttribute("next", safeNext(next));
            return "login";
        }
    }

    @PostMapping("/logout")
    String logout(final HttpServletRequest request) {
        SignIn.forget(request);
        return "redirect:/";
    }

    /** Only a path of this portal, never another site. */
    private static String safeNext(final String next) {
        return next != null && next.matches("/(partner|regulator)[A-Za-z0-9/_.-]*") ? next : null;
    }
}
