package io.wipetrace.identity;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The account store and what it needs: the password hash, the TOTP seal and the clock. Shared by the identity provider
 * and the {@code account} command, which runs it without a web server.
 */
@Configuration(proxyBeanMethods = false)
@Import({Accounts.class, TotpSeal.class, SealTotpSecrets.class})
class AccountConfiguration {

    /**
     * Argon2id with OWASP's minimum (19 MiB of memory, 2 passes, 1 lane), a 16-byte salt and a 32-byte hash.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
