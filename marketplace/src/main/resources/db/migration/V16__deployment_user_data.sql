-- The caller's own user-data for a deployment (a #cloud-config document or a #! script, at most
-- 65,535 bytes), added to the VM's seed after the appliance's components. Null when none was given.
alter table deployment add column user_data varchar(65536);
