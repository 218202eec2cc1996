/**
 * The Quarkus edge of Hangar: REST resources, transactions, persistence and CDI wiring of the
 * framework-free cores (content store, contextualization, builder, deployer).
 *
 * <p>Terms: a <em>publisher</em> owns <em>appliances</em>; an appliance has <em>versions</em>; a
 * version is an ordered list of <em>partitions</em> plus boot files (kernel, initrd) referenced by
 * SHA-256 digest in the content store; a <em>deployment</em> is one VM instance of a published
 * version on a node.
 */
package dev.hangar.marketplace;
