-- One schema for H2 (embedded default) and PostgreSQL (production): only types both understand.
-- Numbers of a network or a dataset are never stored as text: they are little-endian float32 blobs.

create table models (
    id              varchar(36)  primary key,
    name            varchar(200) not null,
    input_size      integer      not null,
    loss            varchar(40)  not null,
    initializer     varchar(40),
    seed            bigint       not null,
    parameter_count bigint       not null,
    version         integer      not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null
);

create table model_layers (
    model_id   varchar(36) not null references models (id) on delete cascade,
    position   integer     not null,
    units      integer     not null,
    activation varchar(40) not null,
    alpha      real        not null,
    primary key (model_id, position)
);

-- Every parameter set a model ever had; data is the engine's flat buffer (per layer W (in, out), then b).
create table model_parameters (
    model_id   varchar(36) not null references models (id) on delete cascade,
    version    integer     not null,
    job_id     varchar(36),
    data       bytea       not null,
    created_at timestamp with time zone not null,
    primary key (model_id, version)
);

create table datasets (
    id            varchar(36)  primary key,
    name          varchar(200) not null,
    row_count     integer      not null,
    feature_count integer      not null,
    target_count  integer      not null,
    created_at    timestamp with time zone not null
);

create table dataset_classes (
    dataset_id varchar(36)  not null references datasets (id) on delete cascade,
    position   integer      not null,
    name       varchar(200) not null,
    primary key (dataset_id, position)
);

-- A dataset's features (kind 'X') and targets (kind 'Y') as consecutive chunks of whole rows.
create table dataset_chunks (
    dataset_id  varchar(36) not null references datasets (id) on delete cascade,
    kind        char(1)     not null,
    chunk_index integer     not null,
    row_count   integer     not null,
    data        bytea       not null,
    primary key (dataset_id, kind, chunk_index)
);

-- dataset_id is deliberately not a foreign key: a job's record outlives the dataset it trained on.
create table jobs (
    id                  varchar(36)  primary key,
    model_id            varchar(36)  not null references models (id) on delete cascade,
    dataset_id          varchar(36)  not null,
    status              varchar(20)  not null,
    epochs              integer      not null,
    epochs_completed    integer      not null,
    cost                double precision,
    validation_cost     double precision,
    accuracy            double precision,
    validation_accuracy double precision,
    model_version       integer,
    error               varchar(2000),
    cancel_requested    boolean      not null,
    request             varchar(10000) not null,
    created_at          timestamp with time zone not null,
    started_at          timestamp with time zone,
    finished_at         timestamp with time zone
);

create index jobs_status_created on jobs (status, created_at);
create index jobs_model on jobs (model_id);

create table job_epochs (
    job_id              varchar(36) not null references jobs (id) on delete cascade,
    epoch               integer     not null,
    cost                double precision not null,
    validation_cost     double precision,
    accuracy            double precision,
    validation_accuracy double precision,
    learning_rate       double precision not null,
    millis              bigint      not null,
    primary key (job_id, epoch)
);
