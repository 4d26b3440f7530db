-- The runtime's constructs (issue 7, ADR 0011): the branches of a parallel step, and resumable batch raises.

-- Written only under the instance's lock: the lock order is instance → branches → tasks → timers.
CREATE TABLE workflow_branches (
    instance_id uuid NOT NULL,
    step character varying(100) NOT NULL,
    parallel_step character varying(100) NOT NULL,
    status character varying(20) NOT NULL,
    outcome character varying(100),
    ended_by_id uuid,
    entered_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    CONSTRAINT pk_workflow_branches PRIMARY KEY (instance_id, step),
    CONSTRAINT fk_workflow_branches_workflow_instances_instance_id FOREIGN KEY (instance_id) REFERENCES workflow_instances (id) ON DELETE CASCADE
);

CREATE TABLE workflow_batch_raises (
    id uuid NOT NULL,
    definition_name character varying(100) NOT NULL,
    step character varying(100) NOT NULL,
    event_name character varying(100) NOT NULL,
    total integer NOT NULL,
    raised integer NOT NULL,
    skipped integer NOT NULL,
    last_instance_id uuid,
    status character varying(20) NOT NULL,
    lease_owner character varying(100),
    lease_until timestamp with time zone,
    created_by character varying(200) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    CONSTRAINT pk_workflow_batch_raises PRIMARY KEY (id)
);
