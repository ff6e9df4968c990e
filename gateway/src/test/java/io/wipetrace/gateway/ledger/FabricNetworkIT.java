package io.wipetrace.gateway.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.gateway.RunningNetwork;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Runs against the real Fabric network named by {@code WIPETRACE_STATE}: the application imports that network's
 * {@code gateway/network.yml} (and {@code database.yml}) exactly as it does in production. The context is closed afterwards, so that its block
 * listener does not go on projecting while other test classes control theirs.
 */
// Metrics export is off in tests unless asked for; the Prometheus endpoint is part of what is tested here.
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "wipetrace.security.metrics-token=" + FabricNetworkIT.METRICS_TOKEN)
@DirtiesContext
class FabricNetworkIT {

    /** The scrape token, which also shows health details. */
    static final String METRICS_TOKEN = "fabric-network-it-scrape-token";

    private static final String COLLECTOR = "collector";
    private static final String REGULATOR = "regulator";
    private static final String CONTRACT = "foundation";
    /** How long another organisation's peer may take to commit a block the collector's peer has committed. */
    private static final Duration PEER_CATCH_UP = Duration.ofSeconds(30);

    @Autowired
    private FabricGateways gateways;

    @Autowired
    private LedgerClient peers;

    @Autowired
    private FabricProperties properties;

    @Autowired
    private TestRestTemplate http;

    @BeforeAll
    static void requireARunningNetwork() {
        RunningNetwork.require();
    }

    @Test
    void submits_through_one_organisation_and_reads_through_another() throws Exception {
        final long heightBefore = peers.chainInfo(COLLECTOR).height();
        final String key = uniqueKey();
        final String value = "wiped by station 7 at " + Instant.now();

        final Status status = gateways.contract(COLLECTOR, CONTRACT)
                .newProposal("PutValue")
                .addArguments(key, value)
                .build()
                .endorse()
                .submitAsync()
                .getStatus();
        assertThat(status.getCode()).isEqualTo(TxValidationCode.VALID);

        awaitHeight(REGULATOR, status.getBlockNumber() + 1);
        final byte[] read = gateways.contract(REGULATOR, CONTRACT)
                .newProposal("GetValue")
                .addArguments(key)
                .setEndorsingOrganizations(gateways.mspId(REGULATOR))
                .build()
                .evaluate();

        assertThat(new String(read, UTF_8)).isEqualTo(value);
        assertThat(peers.chainInfo(COLLECTOR).height())
                .isGreaterThan(heightBefore)
                .isGreaterThan(status.getBlockNumber());
    }

    @Test
    void emits_value_put_with_canonical_json_when_a_value_is_stored() throws Exception {
        final String key = uniqueKey();
        final Transaction transaction = gateways.contract(COLLECTOR, CONTRACT)
                .newProposal("PutValue")
                .addArguments(key, "shredded")
                .build()
                .endorse();
        final Status status = transaction.submitAsync().getStatus();
        assertThat(status.isSuccessful()).isTrue();

        try (CloseableIterator<ChaincodeEvent> events = gateways.network(COLLECTOR)
                .newChaincodeEventsRequest(properties.chaincode())
                .startBlock(status.getBlockNumber())
                .build()
                .getEvents(options -> options.withDeadlineAfter(PEER_CATCH_UP.toSeconds(), TimeUnit.SECONDS))) {
            // Other transactions share the block (anchors recorded in the background, other tests): find ours.
            ChaincodeEvent event = events.next();
            while (!event.getTransactionId().equals(transaction.getTransactionId())
                    && event.getBlockNumber() <= status.getBlockNumber()) {
                event = events.next();
            }

            assertThat(event.getTransactionId()).isEqualTo(transaction.getTransactionId());
            assertThat(event.getBlockNumber()).isEqualTo(status.getBlockNumber());
            assertThat(event.getEventName()).isEqualTo("ValuePut");
            assertThat(new String(event.getPayload(), UTF_8)).isEqualTo("{\"key\":\"" + key + "\",\"txId\":\""
                    + transaction.getTransactionId() + "\",\"value\":\"shredded\"}");
        }
    }

    @Test
    void rejects_a_transaction_that_cannot_meet_the_endorsement_policy() throws Exception {
        final String key = uniqueKey();
        final Transaction endorsedByOneOrganisation = gateways.contract(COLLECTOR, CONTRACT)
                .newProposal("PutValue")
                .addArguments(key, "endorsed by the collector alone")
                .setEndorsingOrganizations(gateways.mspId(COLLECTOR))
                .build()
                .endorse();

        assertThatExceptionOfType(CommitException.class)
                .isThrownBy(endorsedByOneOrganisation::submit)
                .satisfies(e -> assertThat(e.getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE));

        // The collector's peer reported the commit status, so it has committed the block that invalidated the write.
        final GatewayException notFound = catchThrowableOfType(GatewayException.class, () -> gateways
                .contract(COLLECTOR, CONTRACT)
                .newProposal("GetValue")
                .addArguments(key)
                .setEndorsingOrganizations(gateways.mspId(COLLECTOR))
                .build()
                .evaluate());
        assertThat(notFound).as("GetValue of a key whose only write was invalid").isNotNull();
        assertThat(errorText(notFound)).contains(ContractErrorCode.VALUE_NOT_FOUND);
    }

    @Test
    void reports_value_not_found_for_a_key_never_written() {
        final String key = uniqueKey();

        final GatewayException notFound = catchThrowableOfType(GatewayException.class,
                () -> gateways.contract(COLLECTOR, CONTRACT).evaluateTransaction("GetValue", key));

        assertThat(notFound).as("GetValue of a key never written").isNotNull();
        assertThat(errorText(notFound)).contains(ContractErrorCode.VALUE_NOT_FOUND);
    }

    @Test
    void reports_fabric_up_with_the_height_of_all_four_organisations() {
        final ResponseEntity<JsonNode> response = http.exchange(RequestEntity.get("/actuator/health")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + METRICS_TOKEN).build(), JsonNode.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        final JsonNode fabric = response.getBody().path("components").path("fabric");
        assertThat(fabric.path("status").asText()).isEqualTo("UP");
        final JsonNode organisations = fabric.path("details").path("organisations");
        assertThat(organisations.properties().stream().map(Map.Entry::getKey))
                .containsExactlyInAnyOrder("collector", "processor", "smelter", "regulator");
        organisations.forEach(organisation -> {
            assertThat(organisation.path("status").asText()).isEqualTo("UP");
            assertThat(organisation.path("height").asLong()).isPositive();
        });
    }

    @Test
    void exposes_its_metrics_to_prometheus_with_the_scrape_token_only_and_names_each_request() {
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        final ResponseEntity<String> scrape = http.exchange(RequestEntity.get("/actuator/prometheus")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + METRICS_TOKEN).build(), String.class);

        assertThat(scrape.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(scrape.getBody()).contains("wipetrace_projection_lag").contains("jvm_memory_used_bytes");
        assertThat(scrape.getHeaders().getFirst("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    private void awaitHeight(final String orgKey, final long height) throws Exception {
        final Instant giveUp = Instant.now().plus(PEER_CATCH_UP);
        long current = peers.chainInfo(orgKey).height();
        while (current < height) {
            if (Instant.now().isAfter(giveUp)) {
                fail(orgKey + "'s peer is at height " + current + " and did not reach " + height + " within "
                        + PEER_CATCH_UP);
            }
            Thread.sleep(100);
            current = peers.chainInfo(orgKey).height();
        }
    }

    private static String uniqueKey() {
        return "it-" + UUID.randomUUID();
    }

    /** Everything the gateway says about a failure: the peers' messages travel in the status and its details. */
    private static String errorText(final GatewayException e) {
        return e.getMessage() + e.getDetails().stream()
                .map(detail -> detail.getMspId() + ": " + detail.getMessage())
                .collect(Collectors.joining("\n", "\n", ""));
    }

    /** The chaincode's error codes as clients see them (the gateway module does not depend on the chaincode). */
    private static final class ContractErrorCode {
        static final String VALUE_NOT_FOUND = "VALUE_NOT_FOUND";
    }
}
