/**
 * Deploy-time contextualization in the format real images already understand: cloud-init's NoCloud
 * datasource.
 *
 * <p>Terms: a <em>seed</em> is the triple of documents cloud-init reads ({@code meta-data}, {@code
 * user-data}, optionally {@code network-config}); the <em>seed ISO</em> is an ISO 9660 image with
 * the volume label {@code CIDATA} holding those files at its root; the <em>instance id</em> names
 * one VM instance for its whole life and tells cloud-init whether it is on a first boot. A
 * <em>spec</em> ({@link dev.hangar.context.UserSpec}, {@link dev.hangar.context.FileSpec}, {@link
 * dev.hangar.context.MountSpec}, ...) is one validated cloud-config entry; a <em>component</em> is
 * a named, reusable template that adds specs from the request's context parameters; a
 * <em>blankspace</em> is an empty disk attached to the VM that is formatted and mounted on first
 * boot; the <em>ready callback</em> is cloud-init's {@code phone_home} call telling the deployer
 * the VM is up; a <em>secret</em> is a value that reaches the seed but never any {@code
 * toString()}. The <em>parameter schema</em> ({@link dev.hangar.context.ParameterSchema}) is an
 * appliance version's description of its context parameters, marking some secret; {@link
 * dev.hangar.context.SecretCipher} seals secret values for storage.
 */
package dev.hangar.context;
