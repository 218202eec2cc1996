/**
 * Errors at the REST edge: typed {@link dev.hangar.marketplace.problem.ApiException}s raised by
 * services and every other failure, mapped once to RFC 7807 {@code application/problem+json}.
 */
package dev.hangar.marketplace.problem;
