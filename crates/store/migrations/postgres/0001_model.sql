-- The whole cypp model. PostgreSQL dialect; migrations/sqlite holds the same schema for SQLite.
-- Rules: see crates/store/migrations/README.md.

CREATE TABLE partnerships (
    id UUID PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    area_name TEXT NOT NULL,
    gss_code TEXT NOT NULL,
    description TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE organisations (
    id UUID PRIMARY KEY,
    partnership_id UUID NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX organisations_partnership ON organisations (partnership_id);

CREATE TABLE boards (
    id UUID PRIMARY KEY,
    partnership_id UUID NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX boards_partnership ON boards (partnership_id);

CREATE TABLE comparator_groups (
    id UUID PRIMARY KEY,
    partnership_id UUID NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    area_code TEXT,
    members JSONB NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX comparator_groups_partnership ON comparator_groups (partnership_id);

CREATE TABLE plans (
    id UUID PRIMARY KEY,
    partnership_id UUID NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    slug TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE plan_revisions (
    id UUID PRIMARY KEY,
    plan_id UUID NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    label TEXT,
    title TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    status TEXT NOT NULL,
    vision TEXT,
    purpose TEXT,
    level_names JSONB NOT NULL,
    signoff_board_id UUID REFERENCES boards (id) ON DELETE SET NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (plan_id, number)
);

CREATE TABLE plan_status_changes (
    id UUID PRIMARY KEY,
    revision_id UUID NOT NULL REFERENCES plan_revisions (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    status TEXT NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL,
    changed_by TEXT NOT NULL,
    note TEXT
);
CREATE INDEX plan_status_changes_revision ON plan_status_changes (revision_id);

CREATE TABLE plan_sections (
    id UUID PRIMARY KEY,
    revision_id UUID NOT NULL REFERENCES plan_revisions (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX plan_sections_revision ON plan_sections (revision_id);

CREATE TABLE principles (
    id UUID PRIMARY KEY,
    revision_id UUID NOT NULL REFERENCES plan_revisions (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX principles_revision ON principles (revision_id);

CREATE TABLE themes (
    id UUID PRIMARY KEY,
    revision_id UUID NOT NULL REFERENCES plan_revisions (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX themes_revision ON themes (revision_id);

CREATE TABLE glossary_terms (
    id UUID PRIMARY KEY,
    revision_id UUID NOT NULL REFERENCES plan_revisions (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    term TEXT NOT NULL,
    definition TEXT NOT NULL,
    aliases JSONB NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX glossary_terms_revision ON glossary_terms (revision_id);

CREATE TABLE measures (
    id UUID PRIMARY KEY,
    plan_id UUID NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    definition TEXT,
    unit TEXT NOT NULL,
    decimals BIGINT NOT NULL,
    direction TEXT NOT NULL,
    frequency TEXT NOT NULL,
    period_type TEXT NOT NULL,
    source TEXT,
    source_url TEXT,
    category TEXT,
    baseline_period TEXT,
    baseline_value DOUBLE PRECISION,
    baseline_note TEXT,
    tolerance DOUBLE PRECISION,
    suppress_small_numbers BOOLEAN NOT NULL,
    suppression_threshold BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (plan_id, slug)
);

CREATE TABLE measure_targets (
    id UUID PRIMARY KEY,
    measure_id UUID NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    period TEXT NOT NULL,
    kind TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    comparator_id UUID REFERENCES comparator_groups (id) ON DELETE CASCADE,
    note TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX measure_targets_measure ON measure_targets (measure_id);

-- comparator_id is NULL for the partnership's own figures.
CREATE TABLE data_points (
    id UUID PRIMARY KEY,
    measure_id UUID NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    comparator_id UUID REFERENCES comparator_groups (id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    value DOUBLE PRECISION,
    symbol TEXT,
    numerator DOUBLE PRECISION,
    denominator DOUBLE PRECISION,
    ci_lower DOUBLE PRECISION,
    ci_upper DOUBLE PRECISION,
    ci_level DOUBLE PRECISION,
    provisional BOOLEAN NOT NULL,
    note TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    CHECK ((value IS NULL) <> (symbol IS NULL))
);
-- One figure per measure, series and period; COALESCE makes the own series (NULL) unique too.
CREATE UNIQUE INDEX data_points_series_period
    ON data_points (measure_id, COALESCE(comparator_id, measure_id), period);

CREATE TABLE plan_items (
    id UUID PRIMARY KEY,
    revision_id UUID NOT NULL REFERENCES plan_revisions (id) ON DELETE CASCADE,
    parent_id UUID REFERENCES plan_items (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    number TEXT,
    title TEXT NOT NULL,
    summary TEXT,
    why_it_matters TEXT,
    key_priority TEXT,
    young_people_asked JSONB NOT NULL,
    lead_board_id UUID REFERENCES boards (id) ON DELETE SET NULL,
    lead_name TEXT,
    lead_role TEXT,
    lead_organisation_id UUID REFERENCES organisations (id) ON DELETE SET NULL,
    lead_email TEXT,
    young_person_lead TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX plan_items_revision ON plan_items (revision_id, parent_id, position);

CREATE TABLE item_references (
    id UUID PRIMARY KEY,
    item_id UUID NOT NULL REFERENCES plan_items (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    detail TEXT,
    url TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX item_references_item ON item_references (item_id);

CREATE TABLE item_themes (
    item_id UUID NOT NULL REFERENCES plan_items (id) ON DELETE CASCADE,
    theme_id UUID NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (item_id, theme_id)
);

CREATE TABLE item_measures (
    item_id UUID NOT NULL REFERENCES plan_items (id) ON DELETE CASCADE,
    measure_id UUID NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (item_id, measure_id)
);

CREATE TABLE success_statements (
    id UUID PRIMARY KEY,
    item_id UUID NOT NULL REFERENCES plan_items (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX success_statements_item ON success_statements (item_id);

CREATE TABLE success_statement_measures (
    statement_id UUID NOT NULL REFERENCES success_statements (id) ON DELETE CASCADE,
    measure_id UUID NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    PRIMARY KEY (statement_id, measure_id)
);

CREATE TABLE actions (
    id UUID PRIMARY KEY,
    item_id UUID NOT NULL REFERENCES plan_items (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    number TEXT,
    title TEXT NOT NULL,
    detail TEXT,
    lead_name TEXT,
    lead_role TEXT,
    lead_organisation_id UUID REFERENCES organisations (id) ON DELETE SET NULL,
    lead_email TEXT,
    partners JSONB NOT NULL,
    start_date DATE,
    due_date DATE,
    status TEXT NOT NULL,
    completed_on DATE,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX actions_item ON actions (item_id, position);
CREATE INDEX actions_lead_email ON actions (lead_email);

CREATE TABLE milestones (
    id UUID PRIMARY KEY,
    action_id UUID NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    due_date DATE,
    done_on DATE,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX milestones_action ON milestones (action_id);

CREATE TABLE risks (
    id UUID PRIMARY KEY,
    item_id UUID NOT NULL REFERENCES plan_items (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    likelihood BIGINT NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact BIGINT NOT NULL CHECK (impact BETWEEN 1 AND 5),
    owner TEXT,
    mitigation TEXT,
    status TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX risks_item ON risks (item_id);

CREATE TABLE finance_lines (
    id UUID PRIMARY KEY,
    item_id UUID NOT NULL REFERENCES plan_items (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    description TEXT NOT NULL,
    funding_source TEXT,
    year TEXT NOT NULL,
    budget_pence BIGINT NOT NULL,
    forecast_pence BIGINT,
    spent_pence BIGINT,
    note TEXT,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX finance_lines_item ON finance_lines (item_id);

CREATE TABLE rounds (
    id UUID PRIMARY KEY,
    plan_id UUID NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    revision_id UUID NOT NULL REFERENCES plan_revisions (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    period TEXT,
    opens_on DATE NOT NULL,
    due_on DATE NOT NULL,
    status TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    UNIQUE (plan_id, name)
);

CREATE TABLE updates (
    id UUID PRIMARY KEY,
    round_id UUID NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    item_id UUID REFERENCES plan_items (id) ON DELETE CASCADE,
    action_id UUID REFERENCES actions (id) ON DELETE CASCADE,
    author TEXT NOT NULL,
    author_email TEXT,
    rag TEXT,
    action_status TEXT,
    working_well TEXT,
    worried_about TEXT,
    next_steps TEXT,
    evidence JSONB NOT NULL,
    submitted_at TIMESTAMPTZ,
    version BIGINT NOT NULL DEFAULT 1,
    CHECK ((item_id IS NULL) <> (action_id IS NULL))
);
CREATE INDEX updates_round ON updates (round_id, position);

CREATE TABLE users (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    partnership_id UUID REFERENCES partnerships (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

-- Sessions live in the database so that several app servers can share them.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Never updated or deleted by the application.
CREATE TABLE audit_events (
    id UUID PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL,
    actor_id UUID,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id UUID,
    summary TEXT NOT NULL,
    before JSONB,
    after JSONB
);
CREATE INDEX audit_events_entity ON audit_events (entity_id, at);
CREATE INDEX audit_events_at ON audit_events (at);
