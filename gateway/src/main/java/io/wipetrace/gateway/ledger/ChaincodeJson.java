package io.wipetrace.gateway.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * JSON for chaincode arguments and results: typed records in, typed records out, never hand-built strings. Absent
 * (null) members are left out, as the chaincode treats them; unknown members of results are ignored, so the gateway
 * keeps working when the chaincode adds fields.
 */
@Component
public class ChaincodeJson {

    private final ObjectMapper mapper = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndAddModules()
            .build();

    /**
     * @param argument a record or map
     * @return its JSON text
     */
    public String write(final Object argument) {
        try {
            return mapper.writeValueAsString(argument);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a chaincode argument", e);
        }
    }

    /**
     * @param result a chaincode result
     * @param type what it holds
     * @param <T> the type
     * @return the result read as {@code type}
     */
    public <T> T read(final byte[] result, final Class<T> type) {
        try {
            return mapper.readValue(result, type);
        } catch (IOException e) {
            throw new IllegalStateException("the chaincode returned a result that is not a " + type.getSimpleName(), e);
        }
    }
}
