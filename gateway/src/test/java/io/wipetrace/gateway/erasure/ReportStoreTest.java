package io.wipetrace.gateway.erasure;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
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
    void stores_a_report_under_its_sha256_once(@TempDir final Path dir) throws Exception {
        final byte[] report = "report".getBytes(US_ASCII);
        final ReportStore store = new ReportStore(dir.resolve("reports"));
        final ReportStore.Digests digests = ReportStore.digest(new ByteArrayInputStream(report));

        final Path first = store.store(digests, new ByteArrayInputStream(report));
        final Path second = store.store(digests, new ByteArrayInputStream(report));

        assertThat(first).isEqualTo(second).isEqualTo(dir.resolve("reports").resolve(digests.sha256()));
        assertThat(first).hasBinaryContent(report);
        assertThat(dir.resolve("reports").toFile().list()).containsExactly(digests.sha256());
    }
}
