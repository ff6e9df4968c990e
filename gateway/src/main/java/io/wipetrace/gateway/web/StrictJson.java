package io.wipetrace.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.stereotype.Component;

/**
 * Request bodies as strict as the chaincode: a number is not a text and a text or a fraction is not a number. With
 * {@code spring.jackson.*} in application.yml (unknown members, floats as integers, scalar coercion, duplicate
 * members all refused), a body the chaincode would refuse for its form never reaches it; {@code ApiProblemHandler}
 * answers 422 {@code INVALID_JSON_MEMBER} naming the member.
 *
 * <p>Jackson's scalar-coercion switch does not cover texts, hence the coercion rules here. A module, so that Spring
 * Boot's object mapper and every web test slice register it.
 */
@Component
class StrictJson extends SimpleModule {

    private static final long serialVersionUID = 1L;

    StrictJson() {
        super("wipetrace-strict-json");
    }

    @Override
    public void setupModule(final SetupContext context) {
        super.setupModule(context);
        if (context.getOwner() instanceof ObjectMapper mapper) {
            for (final CoercionInputShape scalar : new CoercionInputShape[] {CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.Boolean}) {
                mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
            }
            mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        }
    }
}
