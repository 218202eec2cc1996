-- OpenSSH public keys a deploy request gives for the VM's default user, one per line; they go into
-- the seed's ssh_authorized_keys (cloud-init's default user). Null when none were given.
alter table deployment add column ssh_authorized_keys varchar(65536);
