/**
 * The device lifecycle contract ({@code device}): collection, handovers of aggregations, signed erasures,
 * dismantling, storage destruction, smelting lots, refurbishment and corrections, with one event per device change
 * and one chaincode event per transaction.
 *
 * <p>{@link io.wipetrace.chaincode.device.Lifecycle} is the one transition table. {@link
 * io.wipetrace.chaincode.device.ErasurePayload} defines the bytes a wiping station signs; it is public so that the
 * gateway, stations and tests compute exactly the same bytes.
 */
package io.wipetrace.chaincode.device;
