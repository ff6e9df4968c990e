package io.wipetrace.chaincode;

import static io.wipetrace.chaincode.testing.Alliance.json;
import static io.wipetrace.chaincode.testing.Alliance.map;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.chaincode.testing.Alliance;
import io.wipetrace.chaincode.testing.InMemoryLedger;
import io.wipetrace.chaincode.testing.TxStub;
import java.util.List;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.Chaincode;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the contracts through the shim's real {@link ContractRouter}, as the chaincode service does: the classpath scan
 * finds every contract, the metadata builds and validates, and requests named {@code
 * contract:Transaction} reach the right method with string arguments and come back as the peer would see them.
 */
class ContractRoutingTest {

    private static ContractRouter router;

    @BeforeAll
    static void startRouter() throws Exception {
        router = new ContractRouter(new String[] {"-i", "wipetrace_test:0"});
        router.startRouterWithChaincodeServer(new ChaincodeServer() {
            @Override
            public void start() {}

            @Override
            public void stop() {}
        });
    }

    private static Chaincode.Response invoke(final InMemoryLedger ledger, final String mspId, final String... args) {
        final TxStub stub = ledger.routedStub(mspId, List.of(args));
        final Chaincode.Response response = router.invoke(stub);
        if (response.getStatus() == Chaincode.Response.Status.SUCCESS) {
            ledger.commit(stub);
        }
        return response;
    }

    @Test
    void registry_and_device_transactions_are_routed_by_contract_name() {
        final InMemoryLedger ledger = new InMemoryLedger();

        final Chaincode.Response registered = invoke(ledger, Alliance.REGULATOR, "registry:RegisterOrganisation",
                json(map("mspId", Alliance.REGULATOR, "name", "Bureau", "roles", List.of("REGULATOR"))));
        final Chaincode.Response read = invoke(ledger, Alliance.COLLECTOR, "registry:GetOrganisation", Alliance.REGULATOR);

        assertThat(registered.getStatus()).isEqualTo(Chaincode.Response.Status.SUCCESS);
        assertThat(read.getStatus()).isEqualTo(Chaincode.Response.Status.SUCCESS);
        assertThat(read.getStringPayload()).isEqualTo("{\"mspId\":\"RegulatorOrgMSP\",\"name\":\"Bureau\","
                + "\"registeredAt\":\"2026-03-02T08:01:00Z\",\"registeredBy\":\"RegulatorOrgMSP\",\"roles\":[\"REGULATOR\"]}");
    }

    @Test
    void a_rejection_reaches_the_peer_with_the_code_as_payload_and_message_prefix() {
        final InMemoryLedger ledger = new InMemoryLedger();

        final Chaincode.Response response = invoke(ledger, Alliance.COLLECTOR, "device:GetDevice", "dev-000000000001");

        assertThat(response.getStatus()).isEqualTo(Chaincode.Response.Status.INTERNAL_SERVER_ERROR);
        assertThat(new String(response.getPayload(), UTF_8)).isEqualTo("DEVICE_NOT_FOUND");
        assertThat(response.getMessage()).startsWith("DEVICE_NOT_FOUND: ");
    }

    @Test
    void the_foundation_contract_is_still_served() {
        final InMemoryLedger ledger = new InMemoryLedger();

        final Chaincode.Response put = invoke(ledger, Alliance.COLLECTOR, "foundation:PutValue", "k1", "v1");
        final Chaincode.Response get = invoke(ledger, Alliance.COLLECTOR, "foundation:GetValue", "k1");

        assertThat(put.getStatus()).isEqualTo(Chaincode.Response.Status.SUCCESS);
        assertThat(get.getStringPayload()).isEqualTo("v1");
    }

    @Test
    void every_transaction_is_listed_in_the_metadata_with_its_intent() {
        final InMemoryLedger ledger = new InMemoryLedger();

        final Chaincode.Response metadata = invoke(ledger, Alliance.COLLECTOR, "org.hyperledger.fabric:GetMetadata");

        assertThat(metadata.getStatus()).isEqualTo(Chaincode.Response.Status.SUCCESS);
        final var contracts = InMemoryLedger.parse(metadata.getStringPayload()).get("contracts");
        assertThat(contracts.has("registry")).isTrue();
        assertThat(contracts.has("device")).isTrue();
        final List<String> deviceTransactions = new java.util.ArrayList<>();
        contracts.get("device").get("transactions").forEach(tx -> deviceTransactions.add(tx.get("name").textValue()));
        assertThat(deviceTransactions).containsExactlyInAnyOrder("RegisterCollection", "RegisterCollections",
                "StorePersonalData",
                "PurgePersonalData", "OfferHandover", "AcceptHandover", "RejectHandover", "GetHandover",
                "RecordErasure", "RecordDismantling", "RecordStorageDestruction", "RecordSmeltingLot", "GetLot",
                "RecordRefurbishment", "RecordResale", "RecordExport", "RecordConsent", "ReturnToOwner", "CorrectEvent", "GetDevice", "GetDeviceByReceipt", "GetHistory",
                "ListDevicesByCustodian");
    }
}
