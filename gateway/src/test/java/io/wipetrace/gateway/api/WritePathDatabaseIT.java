package io.wipetrace.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.web.RequestThreads;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

/**
 * What one REST write costs the database, counted on the connections a request's own thread uses: statements,
 * transactions (each statement in auto-commit, and each commit), and whether a connection stays checked out while the
 * request waits for Fabric (which would bound writes at the pool's size over the commit's latency).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"wipetrace.security.demo-keys.enabled=true", "wipetrace.projection.enabled=false",
            // however slowly the writes run here, the key found active by the first is not looked up again
            "wipetrace.security.api-key-cache=1h"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class WritePathDatabaseIT {

    /** Statements, transactions and connections of request threads, counted. */
    static final class Counts {
        final AtomicInteger statements = new AtomicInteger();
        final AtomicInteger transactions = new AtomicInteger();
        /** Connections a request thread holds now. */
        final ThreadLocal<int[]> held = ThreadLocal.withInitial(() -> new int[1]);
        /** How many connections each Fabric submission found checked out by its thread. */
        final List<Integer> heldDuringSubmit = new ArrayList<>();

        static boolean requestThread() {
            // Virtual request threads, or Tomcat's own pool's where they are switched off.
            final String name = Thread.currentThread().getName();
            return name.startsWith(RequestThreads.NAME_PREFIX) || name.startsWith("http-nio-");
        }
    }

    @TestConfiguration
    static class Counting {
        @Bean
        Counts counts() {
            return new Counts();
        }

        @Bean
        static BeanPostProcessor countingProxies(final ObjectProvider<Counts> counts) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(final Object bean, final String name) {
                    if (bean instanceof DataSource source && "dataSource".equals(name)) {
                        return proxy(DataSource.class, source, (target, method, args) -> {
                            final Object result = invoke(target, method, args);
                            return result instanceof Connection connection && Counts.requestThread()
                                    ? counted(connection, counts.getObject()) : result;
                        });
                    }
                    if (bean instanceof LedgerClient) {
                        final ProxyFactory factory = new ProxyFactory(bean);
                        factory.setProxyTargetClass(true);
                        factory.addAdvice((MethodInterceptor) invocation -> {
                            if ("submit".equals(invocation.getMethod().getName()) && Counts.requestThread()) {
                                final Counts c = counts.getObject();
                                synchronized (c.heldDuringSubmit) {
                                    c.heldDuringSubmit.add(c.held.get()[0]);
                                }
                            }
                            return invocation.proceed();
                        });
                        return factory.getProxy();
                    }
                    return bean;
                }
            };
        }
    }

    interface Call {
        Object call(Object target, Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(final Class<T> type, final T target, final Call call) {
        return (T) Proxy.newProxyInstance(WritePathDatabaseIT.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> call.call(target, method, args));
    }

    static Object invoke(final Object target, final Method method, final Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static Connection counted(final Connection connection, final Counts counts) {
        counts.held.get()[0]++;
        return proxy(Connection.class, connection, (target, method, args) -> {
            switch (method.getName()) {
                case "close" -> counts.held.get()[0]--;
                case "commit" -> counts.transactions.incrementAndGet();
                default -> {
                    // counted below, if it makes a statement
                }
            }
            final Object result = invoke(target, method, args);
            if (result instanceof Statement statement) {
                final Class<? extends Statement> type = method.getName().equals("prepareCall")
                        ? CallableStatement.class
                        : method.getName().equals("prepareStatement") ? PreparedStatement.class
                        : Statement.class;
                return proxy((Class<Statement>) type, statement, (s, m, a) -> {
                    if (m.getName().startsWith("execute")) {
                        counts.statements.incrementAndGet();
                        if (connection.getAutoCommit()) {
                            counts.transactions.incrementAndGet();
                        }
                    }
                    return invoke(s, m, a);
                });
            }
            return result;
        });
    }

    @Autowired
    private TestRestTemplate http;

    @Autowired
    private Counts counts;

    @BeforeAll
    void requireNetwork() {
        RunningNetwork.require();
    }

    @Test
    void a_collection_costs_four_statements_and_holds_no_connection_while_fabric_commits() {
        // The first write warms the key and the registry's roles; the next ones are what a client's stream costs.
        assertThat(collect().getStatusCode().value()).isEqualTo(201);
        counts.statements.set(0);
        counts.transactions.set(0);
        synchronized (counts.heldDuringSubmit) {
            counts.heldDuringSubmit.clear();
        }
        final int writes = 4;
        for (int i = 0; i < writes; i++) {
            final ResponseEntity<JsonNode> answer = collect();
            assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(201);
        }

        // The claim, the endorsed transaction with the generated values before it is submitted, the stored response,
        // the write trail: no API key lookup, no reads before the first store.
        assertSoftly(soft -> {
            soft.assertThat(counts.statements.get()).as("statements in %d writes", writes).isEqualTo(4 * writes);
            soft.assertThat(counts.transactions.get()).as("transactions in %d writes", writes).isEqualTo(4 * writes);
            soft.assertThat(counts.heldDuringSubmit)
                    .as("connections held by the request while its transaction commits")
                    .hasSize(writes).containsOnly(0);
        });
    }

    private ResponseEntity<JsonNode> collect() {
        final HttpHeaders headers = RunningNetwork.keyHeaders("collector");
        headers.set("Idempotency-Key", UUID.randomUUID().toString());
        return http.exchange("/api/v1/collections", HttpMethod.POST, new HttpEntity<>(Map.of("make", "Vivo", "model",
                "X60", "storageGb", 128, "channel", "STORE", "siteId", "SITE-COL-SH-01", "locked", false, "consent",
                Map.of("reference", "CONSENT-" + UUID.randomUUID(), "scope", "all user data", "method", "overwrite",
                        "impact", "data cannot be recovered")), headers), JsonNode.class);
    }
}
