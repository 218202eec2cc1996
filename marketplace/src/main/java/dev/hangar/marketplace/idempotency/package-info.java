/**
 * {@code Idempotency-Key} on POSTs: the same caller sending the same key and body gets the first
 * response again instead of a second effect; the same key with another body is refused (422).
 */
package dev.hangar.marketplace.idempotency;
