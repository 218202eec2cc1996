/**
 * Who is calling: users, their roles and API tokens (stored only as SHA-256 hashes), the bearer
 * token authentication mechanism, and the {@link dev.hangar.marketplace.account.Caller} that
 * services decide permissions on.
 *
 * <p>Roles: <em>consumer</em> browses and deploys; <em>publisher</em> also publishes the appliances
 * of its own publisher; <em>operator</em> also runs the VMM pool and sees every deployment;
 * <em>admin</em> may do everything, including managing users and reading the audit log. Anonymous
 * callers may browse public appliances only.
 */
package dev.hangar.marketplace.account;
