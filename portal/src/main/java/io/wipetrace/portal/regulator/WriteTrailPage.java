package io.wipetrace.portal.regulator;

import io.wipetrace.portal.gateway.GatewayClient;
import io.wipetrace.portal.web.SignIn;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/** Who did what: the gateway's write trail, newest first, optionally of one organisation or one person. */
@Controller
@RequestMapping("/regulator")
class WriteTrailPage {

    private final GatewayClient gateway;

    WriteTrailPage(final GatewayClient gateway) {
        this.gateway = gateway;
    }

    @GetMapping("/writes")
    String writes(@RequestAttribute final SignIn signIn, @RequestParam(required = false) final String organisation,
            @RequestParam(required = false) final String actor, final Model model) {
        final UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/api/v1/audit/writes").queryParam("size", 100);
        if (organisation != null && !organisation.isBlank()) {
            uri.queryParam("organisation", organisation.strip());
        }
        if (actor != null && !actor.isBlank()) {
            uri.queryParam("actor", actor.strip());
        }
        model.addAttribute("writes", gateway.object(signIn.apiKey(), uri.build().toUriString()));
        model.addAttribute("organisation", organisation);
        model.addAttribute("actor", actor);
        return "regulator/writes";
    }
}
