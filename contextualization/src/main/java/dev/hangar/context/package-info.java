/**
 * Deploy-time contextualization in the format real images already understand: cloud-init's NoCloud
 * datasource.
 *
 * <p>Terms: a <em>seed</em> is the triple of documents cloud-init reads ({@code meta-data}, {@code
 * user-data}, optionally {@code network-config}); the <em>seed ISO</em> is an ISO 9660 image with
 * the volume label {@code CIDATA} holding those files at its root; the <em>instance id</em> names
 * one VM instance for its whole life and tells cloud-init whether it is on a first boot.
 */
package dev.hangar.context;
