package io.wipetrace.portal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Codes as people type or paste them, and what is said when one is wrong. */
class ReceiptCodeInputTest {

    private static final String CODE = "7K2Q-9ZX1-0A4M-BCDE-FGHJ-KMNP-QRST";

    @Test
    void accepts_full_width_dashes_and_spaces_lower_case_and_full_width_letters() {
        for (String typed : new String[] {CODE, CODE.toLowerCase(), CODE.replace("-", ""), CODE.replace('-', '—'),
                CODE.replace('-', '－'), CODE.replace('-', '–'), CODE.replace('-', '\u3000'), " " + CODE + " ",
                "７Ｋ２Ｑ－９ＺＸ１－０Ａ４Ｍ－ＢＣＤＥ－ＦＧＨＪ－ＫＭＮＰ－ＱＲＳＴ", CODE.replace("-", " - ")}) {
            final ReceiptCodeInput input = ReceiptCodeInput.of(typed);
            assertThat(input.problem()).as(typed).isNull();
            assertThat(input.canonical()).as(typed).isEqualTo(CODE);
        }
    }

    @Test
    void says_what_is_wrong() {
        assertThat(ReceiptCodeInput.of("").problem()).isEqualTo("empty");
        assertThat(ReceiptCodeInput.of(" — ").problem()).isEqualTo("empty");
        assertThat(ReceiptCodeInput.of("7K2Q-9ZX1").problem()).isEqualTo("tooShort");
        assertThat(ReceiptCodeInput.of(CODE + "-ABCD").problem()).isEqualTo("tooLong");
        assertThat(ReceiptCodeInput.of(CODE.replace('7', '#')).problem()).isEqualTo("notACode");
        assertThat(ReceiptCodeInput.of("查询码").problem()).isEqualTo("notACode");
        // U is not in a code's alphabet, so a short code with a U is not a code at all.
        assertThat(ReceiptCodeInput.of("UUUU").problem()).isEqualTo("notACode");
    }
}
