/**
 * Publishing a built appliance to a Hangar marketplace through its public REST API only: the same
 * path the {@code hangar} CLI, the service's sample seeding and the end-to-end tests take.
 */
package dev.hangar.builder.publish;
