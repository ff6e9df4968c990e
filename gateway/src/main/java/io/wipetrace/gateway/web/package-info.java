/**
 * What the REST features share: RFC 9457 problem details with stable codes, mapped in one
 * {@code @RestControllerAdvice} from API, validation, Spring MVC and ledger failures (chaincode codes included).
 */
package io.wipetrace.gateway.web;
