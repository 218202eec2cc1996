/**
 * Deployments: one VM instance of a published appliance version on a node, from the API request
 * through staging, contextualization and boot to READY, and its destruction.
 */
package dev.hangar.marketplace.deployment;
