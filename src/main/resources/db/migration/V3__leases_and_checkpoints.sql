-- A running job is leased by one instance (claimed_by) that renews heartbeat_at; a lease left to
-- expire (the instance died) lets another instance take the job over and resume it.
alter table jobs add column claimed_by varchar(100);
alter table jobs add column heartbeat_at timestamp with time zone;

create index jobs_status_heartbeat on jobs (status, heartbeat_at);

-- The latest epoch-end state of a running job: enough to resume it exactly (see TrainingCheckpoint).
create table job_checkpoints (
    job_id                      varchar(36) primary key references jobs (id) on delete cascade,
    epochs_completed            integer     not null,
    parameters                  bytea       not null,
    optimizer                   varchar(20) not null,
    optimizer_step              bigint      not null,
    optimizer_state             bytea       not null,
    best_epoch                  integer     not null,
    best_cost                   double precision not null,
    best_parameters             bytea,
    best_optimizer_step         bigint,
    best_optimizer_state        bytea,
    epochs_without_improvement  integer     not null,
    created_at                  timestamp with time zone not null
);
