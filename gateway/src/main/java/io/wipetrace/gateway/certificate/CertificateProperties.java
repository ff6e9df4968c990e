package io.wipetrace.gateway.certificate;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How certificates are drawn ({@code wipetrace.certificate.*}).
 *
 * @param fontFile a TrueType font (.ttf) or collection (.ttc) with Chinese glyphs, embedded as a subset; CFF-outline
 *     OpenType fonts (such as Noto Sans CJK) cannot be subset by PDFBox. Debian's fonts-wqy-zenhei provides the
 *     default.
 * @param fontName which font of a collection to use; ignored for a single font file
 */
@Validated
@ConfigurationProperties("wipetrace.certificate")
public record CertificateProperties(
        @NotNull @DefaultValue("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc") Path fontFile,
        @NotNull @DefaultValue("WenQuanYi Zen Hei") String fontName) {}
