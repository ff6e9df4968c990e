package io.wipetrace.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The WipeTrace gateway: the one service partners, consumers and regulators talk to. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /**
     * Starts the gateway.
     *
     * @param args Spring Boot command-line arguments
     */
    public static void main(final String[] args) {
        final SpringApplication application = new SpringApplication(GatewayApplication.class);
        StartupSteps.install(application, System.getenv("WIPETRACE_STARTUP_STEPS"));
        application.run(args);
    }
}
