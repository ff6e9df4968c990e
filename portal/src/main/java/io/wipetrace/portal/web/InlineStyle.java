package io.wipetrace.portal.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.springframework.core.io.ClassPathResource;

/**
 * The stylesheet, inlined in every page's head (the model's {@code inlineCss}): on a phone network a separate file
 * costs a round trip before the first paint, and the whole sheet is a few kilobytes compressed. The content security
 * policy allows exactly this text by its SHA-256 ({@link #cspSource()}), no other inline style.
 */
@org.springframework.web.bind.annotation.ControllerAdvice
public class InlineStyle {

    private final String css;
    private final String hash;

    InlineStyle() {
        try (InputStream in = new ClassPathResource("static/css/portal.css").getInputStream()) {
            this.css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            this.hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(css.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("the portal's stylesheet static/css/portal.css cannot be read", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** @return the stylesheet's text, for every page's model */
    @org.springframework.web.bind.annotation.ModelAttribute("inlineCss")
    public String css() {
        return css;
    }

    /** @return the CSP source that allows it, {@code 'sha256-…'} */
    public String cspSource() {
        return "'sha256-" + hash + "'";
    }
}
