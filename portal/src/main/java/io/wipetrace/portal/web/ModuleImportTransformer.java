package io.wipetrace.portal.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.util.StreamUtils;
import org.springframework.web.servlet.resource.ResourceTransformerChain;
import org.springframework.web.servlet.resource.ResourceTransformerSupport;
import org.springframework.web.servlet.resource.TransformedResource;

/**
 * Rewrites the relative imports of JavaScript modules ({@code from './proof.js'}) to the imported files'
 * content-hashed names, as Spring's CSS transformer does for stylesheets: a page links {@code verify-<hash>.js}, which
 * imports {@code proof-<hash>.js}, so every file a page needs can be cached for a year and a new version is a new name.
 */
final class ModuleImportTransformer extends ResourceTransformerSupport {

    /** {@code import … from './x.js'}, {@code export … from './x.js'} and {@code import('./x.js')}. */
    private static final Pattern IMPORT = Pattern.compile("((?:\\bfrom|\\bimport)\\s*\\(?\\s*)(['\"])(\\.{1,2}/[^'\"]+\\.js)\\2");

    @Override
    public Resource transform(final HttpServletRequest request, final Resource resource,
            final ResourceTransformerChain chain) throws IOException {
        final Resource transformed = chain.transform(request, resource);
        final String name = transformed.getFilename();
        if (name == null || !name.endsWith(".js")) {
            return transformed;
        }
        final String source = StreamUtils.copyToString(transformed.getInputStream(), StandardCharsets.UTF_8);
        final Matcher imports = IMPORT.matcher(source);
        final StringBuilder out = new StringBuilder(source.length());
        boolean changed = false;
        while (imports.find()) {
            final String versioned = resolveUrlPath(imports.group(3), request, transformed, chain);
            final String target = versioned == null ? imports.group(3) : versioned;
            changed |= !target.equals(imports.group(3));
            imports.appendReplacement(out, Matcher.quoteReplacement(imports.group(1) + imports.group(2) + target
                    + imports.group(2)));
        }
        imports.appendTail(out);
        return changed ? new TransformedResource(transformed, out.toString().getBytes(StandardCharsets.UTF_8))
                : transformed;
    }
}
