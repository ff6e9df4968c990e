package io.wipetrace.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.portal.gateway.GatewayProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

class MessagesTest {

    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;

    private final ProblemSentences sentences = new ProblemSentences(messageSource());

    @Test
    void every_message_exists_in_both_languages() throws IOException {
        assertThat(load("messages.properties").stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(load("messages_en.properties").stringPropertyNames());
    }

    @Test
    void a_gateway_problem_reads_as_a_sentence_in_the_readers_language() {
        final GatewayProblem notFound = new GatewayProblem(404, "RECEIPT_NOT_FOUND", "no device");

        assertThat(sentences.of(notFound, ZH)).startsWith("没有找到与此查询码对应的手机");
        assertThat(sentences.of(notFound, Locale.ENGLISH)).startsWith("We found no phone with this receipt code");
    }

    @Test
    void a_code_the_portal_does_not_know_still_gives_a_sentence_naming_the_code() {
        final GatewayProblem unknown = new GatewayProblem(500, "SOMETHING_NEW", "detail");

        assertThat(sentences.of(unknown, ZH)).contains("SOMETHING_NEW").contains("没有丢失");
        assertThat(sentences.of(unknown, Locale.ENGLISH)).contains("SOMETHING_NEW").contains("Nothing you entered");
    }

    private static ResourceBundleMessageSource messageSource() {
        final ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }

    private static Properties load(final String name) throws IOException {
        final Properties properties = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream("/" + name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
