package io.wipetrace.portal.gateway;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import io.wipetrace.portal.PortalProperties;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The address of the visitor a request serves: the connection's, unless that is one of the portal's own trusted
 * proxies (a load balancer in front of it, {@code wipetrace.portal.trusted-proxies}), whose {@code X-Forwarded-For}
 * is read from the right past further trusted proxies. What the gateway counts a consumer's verifications against.
 */
@Component
public final class Visitor {

    private final List<IpAddressMatcher> proxies;

    Visitor(final PortalProperties properties) {
        this.proxies = properties.trustedProxies().stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(IpAddressMatcher::new).toList();
    }

    /** @return the visitor of the request this thread serves, or {@code null} outside a request */
    String current() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? of(attributes.getRequest()) : null;
    }

    /** @return the visitor's address */
    public String of(final HttpServletRequest request) {
        final String remote = request.getRemoteAddr();
        final String forwarded = request.getHeader("X-Forwarded-For");
        if (!trusted(remote) || forwarded == null || forwarded.isBlank()) {
            return remote;
        }
        String visitor = remote;
        final String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            final String hop = hops[i].strip();
            if (hop.isEmpty() || hop.length() > 45
                    || !hop.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                break;
            }
            visitor = hop;
            if (!trusted(hop)) {
                break;
            }
        }
        return visitor;
    }

    private boolean trusted(final String address) {
        try {
            return proxies.stream().anyMatch(proxy -> proxy.matches(address));
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }
}
