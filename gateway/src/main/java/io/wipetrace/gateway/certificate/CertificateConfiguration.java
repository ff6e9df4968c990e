package io.wipetrace.gateway.certificate;

import io.wipetrace.gateway.anchoring.AnchoringProperties;
import io.wipetrace.gateway.anchoring.ProofBundles;
import io.wipetrace.gateway.ledger.FabricProperties;
import io.wipetrace.proof.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Signed documents and the certificate issuer; warns at start when the font it needs is missing (requests then get a problem). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CertificateProperties.class)
class CertificateConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateConfiguration.class);

    /** Signed documents: the certificate font, and the organisations' Fabric identities as signing keys. */
    @Bean
    SignedPdfs signedPdfs(final CertificateProperties properties, final FabricProperties fabric) {
        if (!Files.isReadable(properties.fontFile())) {
            LOG.warn("certificate font {} is missing: certificates and compliance reports cannot be issued until it is"
                    + " installed (Debian: fonts-wqy-zenhei) or WIPETRACE_CERTIFICATE_FONT names another TrueType font"
                    + " with Chinese glyphs", properties.fontFile());
        }
        return new SignedPdfs(properties.fontFile(), properties.fontName(), new IssuerKeys(fabric)::forMsp);
    }

    @Bean
    Certificates certificates(final SignedPdfs pdfs, final ObjectProvider<ProofBundles> bundles,
            final AnchoringProperties anchoring,
            @Value("${wipetrace.portal.base-url:http://127.0.0.1:8080}") final String portalBaseUrl)
            throws IOException {
        return new Certificates(pdfs, bundles, portalBaseUrl, trust(anchoring), Clock.systemUTC());
    }

    /** The anchor contract and the trust file's hash, read once: the file is the alliance's, published and pinned. */
    private static Certificates.Trust trust(final AnchoringProperties anchoring) throws IOException {
        final String contract = anchoring.enabled() && anchoring.contractAddress() != null
                ? anchoring.contractAddress().toLowerCase(Locale.ROOT) : null;
        if (anchoring.trustFile() == null) {
            LOG.warn("no trust file is configured (wipetrace.anchoring.trust-file): certificates say so instead of"
                    + " its SHA-256");
            return new Certificates.Trust(contract, null);
        }
        return new Certificates.Trust(contract, Sha256.hex(Files.readAllBytes(anchoring.trustFile())));
    }
}
