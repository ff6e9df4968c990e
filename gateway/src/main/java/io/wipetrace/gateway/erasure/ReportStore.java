package io.wipetrace.gateway.erasure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Erasure report files, content-addressed: {@code <dir>/<sha256>} ({@code wipetrace.reports.dir}, by default
 * {@code <state>/reports}). Writing the same report twice keeps one file.
 */
@Component
public class ReportStore {

    /** A report's digests: SHA-256 and SM3 (GB/T 32905), lowercase hex. */
    record Digests(String sha256, String sm3, long size) {}

    private final Path dir;

    ReportStore(@Value("${wipetrace.reports.dir}") final Path dir) {
        this.dir = dir;
    }

    /** Hashes a stream with SHA-256 and SM3 in one pass. */
    static Digests digest(final InputStream in) throws IOException {
        final MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        final SM3Digest sm3 = new SM3Digest();
        final byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int read; (read = in.read(buffer)) > 0; ) {
            sha256.update(buffer, 0, read);
            sm3.update(buffer, 0, read);
            size += read;
        }
        final byte[] sm3Out = new byte[sm3.getDigestSize()];
        sm3.doFinal(sm3Out, 0);
        return new Digests(HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(sm3Out), size);
    }

    /**
     * Stores a report under its SHA-256 unless it is there already.
     *
     * @param digests the report's digests
     * @param content the report's bytes
     * @return where it is
     */
    Path store(final Digests digests, final InputStream content) {
        try {
            Files.createDirectories(dir);
            final Path target = dir.resolve(digests.sha256());
            if (Files.isRegularFile(target) && Files.size(target) == digests.size()) {
                return target;
            }
            final Path temp = Files.createTempFile(dir, ".report", ".tmp");
            try {
                Files.copy(content, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the report in " + dir, e);
        }
    }
}
