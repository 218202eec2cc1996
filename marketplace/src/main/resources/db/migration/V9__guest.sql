-- Guest: the IPv4 addresses a deployment's VM reported on its console (HANGAR-NET lines), as
-- comma-separated CIDRs such as 10.0.2.15/24; null until the guest reported READY.
alter table deployment add column addresses varchar(1000);
