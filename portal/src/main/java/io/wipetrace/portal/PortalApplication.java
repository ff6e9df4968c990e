package io.wipetrace.portal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The WipeTrace web portal: consumer verification, partner console and regulator console over the gateway's API. */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class PortalApplication {

    public static void main(final String[] args) {
        SpringApplication.run(PortalApplication.class, args);
    }
}
