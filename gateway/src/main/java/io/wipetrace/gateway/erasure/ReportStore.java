package io.wipetrace.gateway.erasure;

import io.wipetrace.proof.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Erasure report files, content-addressed: {@code <dir>/<sha256>} ({@code wipetrace.reports.dir}, by default
 * {@code <state>/reports}). An upload waits in {@code <dir>/.incoming} (the same file system) until its erasure is on
 * the ledger, then moves into place atomically; an upload that is refused or fails is deleted, and whatever a crash
 * left in {@code .incoming} is deleted once it is an hour old (at start and every {@code quarantine-sweep}).
 * Writing the same report twice keeps one file.
 */
@Component
public class ReportStore {

    private static final Logger LOG = LoggerFactory.getLogger(ReportStore.class);

    /** The quarantine's name under the reports directory. */
    static final String INCOMING = ".incoming";

    /** How old a quarantined file must be before the sweep deletes it: longer than any upload takes. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    /** A report's digests: SHA-256 and SM3 (GB/T 32905), lowercase hex. */
    record Digests(String sha256, String sm3, long size) {}

    /** An upload in quarantine: {@link #keep()} moves it into place; closing deletes it unless it was kept. */
    final class Incoming implements AutoCloseable {

        private final Path file;
        private final Digests digests;

        private Incoming(final Path file, final Digests digests) {
            this.file = file;
            this.digests = digests;
        }

        /** @return where the report is now, under its SHA-256 */
        Path keep() {
            final Path target = dir.resolve(digests.sha256());
            try {
                if (!(Files.isRegularFile(target) && Files.size(target) == digests.size())) {
                    Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot move the report into " + dir, e);
            }
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot delete the quarantined report {} (the sweep will): {}", file, e.toString());
            }
        }
    }

    private final Path dir;
    private final Path incoming;

    ReportStore(@Value("${wipetrace.reports.dir}") final Path dir) {
        this.dir = dir;
        this.incoming = dir.resolve(INCOMING);
    }

    /** Hashes a stream with SHA-256 and SM3 in one pass. */
    static Digests digest(final InputStream in) throws IOException {
        final MessageDigest sha256 = Sha256.newDigest();
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
     * Writes an upload to the quarantine. Use it in try-with-resources and {@link Incoming#keep()} it only once its
     * erasure committed.
     *
     * @param digests the report's digests
     * @param content the report's bytes
     * @return the quarantined upload
     */
    Incoming receive(final Digests digests, final InputStream content) {
        try {
            Files.createDirectories(incoming);
            final Path file = Files.createTempFile(incoming, digests.sha256() + ".", ".part");
            final Incoming upload = new Incoming(file, digests);
            try {
                Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                upload.close();
                throw e;
            }
            return upload;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + incoming, e);
        }
    }

    /** Deletes quarantined uploads a crash or a kill left behind. */
    @Scheduled(fixedDelayString = "${wipetrace.reports.quarantine-sweep:15m}", initialDelayString = "0s")
    void sweepQuarantine() {
        final int deleted = deleteQuarantinedBefore(Instant.now().minus(ABANDONED_AFTER));
        if (deleted > 0) {
            LOG.info("deleted {} abandoned report uploads from {}", deleted, incoming);
        }
    }

    /**
     * @param cutoff files last modified before this are deleted
     * @return how many were
     */
    int deleteQuarantinedBefore(final Instant cutoff) {
        if (!Files.isDirectory(incoming)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(incoming)) {
            for (final Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (NoSuchFileException e) {
                    // Kept or deleted by its request meanwhile.
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot sweep {}: {}", incoming, e.toString());
        }
        return deleted;
    }
}
