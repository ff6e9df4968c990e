package io.wipetrace.gateway.erasure;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportStoreTest {

    @Test
    void hashes_with_sha256_and_sm3_as_their_standards_define() throws Exception {
        final ReportStore.Digests digests = ReportStore.digest(new ByteArrayInputStream("abc".getBytes(US_ASCII)));
        // FIPS 180-2 and GB/T 32905-2016 (appendix A) test vectors for "abc".
        assertThat(digests.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(digests.sm3()).isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assertThat(digests.size()).isEqualTo(3);
    }

    @Test
    void keeps_a_report_under_its_sha256_once_and_nothing_in_quarantine(@TempDir final Path dir) throws Exception {
        final byte[] report = "report".getBytes(US_ASCII);
        final Path reports = dir.resolve("reports");
        final ReportStore store = new ReportStore(reports);
        final ReportStore.Digests digests = ReportStore.digest(new ByteArrayInputStream(report));

        final Path first;
        try (ReportStore.Incoming upload = store.receive(digests, new ByteArrayInputStream(report))) {
            assertThat(reports.resolve(digests.sha256())).doesNotExist();
            first = upload.keep();
        }
        final Path second;
        try (ReportStore.Incoming upload = store.receive(digests, new ByteArrayInputStream(report))) {
            second = upload.keep();
        }

        assertThat(first).isEqualTo(second).isEqualTo(reports.resolve(digests.sha256()));
        assertThat(first).hasBinaryContent(report);
        assertThat(reports.toFile().list()).containsExactlyInAnyOrder(digests.sha256(), ReportStore.INCOMING);
        assertThat(reports.resolve(ReportStore.INCOMING)).isEmptyDirectory();
    }

    @Test
    void deletes_an_upload_that_was_not_kept(@TempDir final Path dir) throws Exception {
        final byte[] report = "refused".getBytes(US_ASCII);
        final ReportStore store = new ReportStore(dir);
        final ReportStore.Digests digests = ReportStore.digest(new ByteArrayInputStream(report));

        try (ReportStore.Incoming upload = store.receive(digests, new ByteArrayInputStream(report))) {
            assertThat(dir.resolve(ReportStore.INCOMING)).isNotEmptyDirectory();
        }

        assertThat(dir.toFile().list()).containsExactly(ReportStore.INCOMING);
        assertThat(dir.resolve(ReportStore.INCOMING)).isEmptyDirectory();
    }

    @Test
    void sweeps_quarantined_uploads_older_than_an_hour_and_leaves_younger_ones(@TempDir final Path dir)
            throws Exception {
        final ReportStore store = new ReportStore(dir);
        final Path incoming = Files.createDirectories(dir.resolve(ReportStore.INCOMING));
        final Path abandoned = Files.writeString(incoming.resolve("abandoned.part"), "x");
        final Path current = Files.writeString(incoming.resolve("current.part"), "y");
        final Instant now = Instant.now();
        Files.setLastModifiedTime(abandoned, FileTime.from(now.minus(Duration.ofMinutes(61))));
        Files.setLastModifiedTime(current, FileTime.from(now.minus(Duration.ofMinutes(59))));

        assertThat(store.deleteQuarantinedBefore(now.minus(ReportStore.ABANDONED_AFTER))).isEqualTo(1);

        assertThat(abandoned).doesNotExist();
        assertThat(current).exists();
        assertThat(new ReportStore(dir.resolve("never-used")).deleteQuarantinedBefore(now)).isZero();
    }
}
