package io.wipetrace.gateway.web.server;

import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.security.ApiKeyStore;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * A test of the web layer on a real Tomcat ({@link ServerSlice}, named by the subclass's {@code @SpringBootTest}): the
 * server's port, and mocks of the API keys and the Fabric gateways, which the slice leaves out.
 */
public abstract class ServerSliceTest {

    @LocalServerPort
    protected int port;

    @MockitoBean
    protected ApiKeyStore keys;

    @MockitoBean
    protected FabricGateways gateways;
}
