package io.wipetrace.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Problem details from the servlet container too: Tomcat's error reports become {@link ProblemErrorReportValve}'s,
 * as {@link ErrorProblems} is the error page they forward to.
 */
@Configuration(proxyBeanMethods = false)
class ContainerProblems {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(final ObjectMapper json) {
        return new Customizer(new ProblemWriter(json));
    }

    /** Runs after Spring Boot's own customizer, which adds an HTML error report valve; this one replaces it. */
    private record Customizer(ProblemWriter problems)
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(final TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                final Pipeline host = context.getParent().getPipeline();
                for (final Valve valve : host.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.removeValve(valve);
                    }
                }
                host.addValve(new ProblemErrorReportValve(problems));
                // Else the host adds Tomcat's HTML valve again when it starts, finding none of that class.
                if (context.getParent() instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
