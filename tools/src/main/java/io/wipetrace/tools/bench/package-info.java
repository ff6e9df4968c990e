/**
 * The chaincode and bulk import benchmarks ({@code ./wipetrace bench chaincode | imports}), and the load generator
 * and plots the API benchmark drives. Benchmarks print figures; they assert nothing.
 */
package io.wipetrace.tools.bench;
