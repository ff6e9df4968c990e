package io.wipetrace.gateway.verify;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Whose request this is, for the rate limit: the connection's address, unless that is a configured proxy (the
 * portal), whose {@code X-Forwarded-For} names the visitor. The header is read from the right, past any further
 * trusted proxies, so a visitor cannot choose the address counted by sending the header themselves.
 */
final class ClientAddress {

    private final List<IpAddressMatcher> proxies;

    ClientAddress(final List<String> trustedProxies) {
        this.proxies = trustedProxies.stream().map(String::strip).filter(entry -> !entry.isEmpty())
                .map(IpAddressMatcher::new).toList();
    }

    /** @return the address to count the request against */
    String of(final HttpServletRequest request) {
        final String remote = request.getRemoteAddr();
        if (!trusted(remote)) {
            return remote;
        }
        final String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return remote;
        }
        final String[] hops = forwarded.split(",");
        String client = remote;
        for (int i = hops.length - 1; i >= 0; i--) {
            final String hop = hops[i].strip();
            if (hop.isEmpty() || !plausible(hop)) {
                break;
            }
            client = hop;
            if (!trusted(hop)) {
                break;
            }
        }
        return client;
    }

    private boolean trusted(final String address) {
        for (final IpAddressMatcher proxy : proxies) {
            try {
                if (proxy.matches(address)) {
                    return true;
                }
            } catch (IllegalArgumentException notAnAddress) {
                return false;
            }
        }
        return false;
    }

    /** An IP address literal (v4 or v6), never a host name to look up. */
    private static boolean plausible(final String hop) {
        return hop.length() <= 45 && hop.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }
}
