/**
 * The {@code hangar} command-line tool: builds appliances from recipes, signs and publishes them,
 * pulls and verifies signed bundles offline, and deploys, watches and destroys deployments.
 *
 * <p>Terms: a <em>built directory</em> is what {@code hangar build} writes ({@code appliance.json},
 * kernel, initrd, partition images, and {@code signatures/} once signed); a <em>bundle</em> is what
 * {@code hangar pull} writes (the signed canonical manifest, its DSSE envelopes and every listed
 * file named by digest; FORMAT.md, "Bundles"). The tool talks to the marketplace only through its
 * public REST API. Every command prints a JSON document on stdout with {@code --json}, progress and
 * diagnostics on stderr, and ends with one of the {@link dev.hangar.builder.cli.ExitCodes}.
 */
package dev.hangar.builder.cli;
