-- revision: 0011
-- Written by knowledge.db.write_sqlite_snapshot() from the migrations; do not edit.

CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

CREATE TABLE documents (
	id INTEGER NOT NULL, 
	issuer TEXT, 
	issuer_folded TEXT, 
	parent_issuer TEXT, 
	number TEXT, 
	number_key VARCHAR(200), 
	number_seq INTEGER, 
	identity_key TEXT, 
	symbol TEXT, 
	doc_type VARCHAR(40), 
	doc_type_name TEXT, 
	title TEXT, 
	place TEXT, 
	issued DATE, 
	issued_text TEXT, 
	signer TEXT, 
	signer_title TEXT, 
	authority VARCHAR(16), 
	recipients JSON NOT NULL, 
	source_name TEXT NOT NULL, 
	source_format VARCHAR(16) NOT NULL, 
	content_sha256 VARCHAR(64) NOT NULL, 
	text TEXT NOT NULL, 
	text_folded TEXT NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	ingested_at DATETIME NOT NULL, 
	replaced_by_id INTEGER, 
	CONSTRAINT pk_documents PRIMARY KEY (id), 
	CONSTRAINT ck_documents_status CHECK (status IN ('live', 'review', 'replaced')), 
	CONSTRAINT fk_documents_replaced_by_id_documents FOREIGN KEY(replaced_by_id) REFERENCES documents (id) ON DELETE SET NULL, 
	CONSTRAINT uq_documents_content_sha256 UNIQUE (content_sha256)
);

CREATE INDEX ix_documents_doc_type ON documents (doc_type);

CREATE INDEX ix_documents_identity_key ON documents (identity_key);

CREATE INDEX ix_documents_issued ON documents (issued);

CREATE INDEX ix_documents_number_key ON documents (number_key);

CREATE INDEX ix_documents_number_seq ON documents (number_seq);

CREATE INDEX ix_documents_status ON documents (status);

CREATE TABLE units (
	id INTEGER NOT NULL, 
	"key" VARCHAR(200) NOT NULL, 
	name TEXT NOT NULL, 
	name_folded TEXT NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	level VARCHAR(40), 
	registered BOOLEAN NOT NULL, 
	members JSON NOT NULL, 
	merged_into_id INTEGER, 
	CONSTRAINT pk_units PRIMARY KEY (id), 
	CONSTRAINT fk_units_merged_into_id_units FOREIGN KEY(merged_into_id) REFERENCES units (id) ON DELETE SET NULL, 
	CONSTRAINT uq_units_key UNIQUE ("key")
);

CREATE INDEX ix_units_name_folded ON units (name_folded);

CREATE TABLE unit_aliases (
	id INTEGER NOT NULL, 
	unit_id INTEGER NOT NULL, 
	alias TEXT NOT NULL, 
	alias_folded TEXT NOT NULL, 
	CONSTRAINT pk_unit_aliases PRIMARY KEY (id), 
	CONSTRAINT fk_unit_aliases_unit_id_units FOREIGN KEY(unit_id) REFERENCES units (id) ON DELETE CASCADE, 
	CONSTRAINT uq_unit_aliases_alias_folded UNIQUE (alias_folded)
);

CREATE INDEX ix_unit_aliases_unit_id ON unit_aliases (unit_id);

CREATE TABLE assignments (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	place TEXT NOT NULL, 
	task TEXT NOT NULL, 
	task_folded TEXT NOT NULL, 
	quote TEXT NOT NULL, 
	quote_folded TEXT NOT NULL, 
	deadline DATE, 
	deadline_time TIME, 
	deadline_text TEXT, 
	deadline_start DATE, 
	deadline_flags JSON NOT NULL, 
	recurrence_rule TEXT, 
	recurrence_text TEXT, 
	status VARCHAR(16) NOT NULL, 
	CONSTRAINT pk_assignments PRIMARY KEY (id), 
	CONSTRAINT ck_assignments_status CHECK (status IN ('live', 'removed')), 
	CONSTRAINT fk_assignments_document_id_documents FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);

CREATE INDEX ix_assignments_deadline ON assignments (deadline);

CREATE INDEX ix_assignments_document_id ON assignments (document_id);

CREATE INDEX ix_assignments_status ON assignments (status);

CREATE TABLE assignment_units (
	id INTEGER NOT NULL, 
	assignment_id INTEGER NOT NULL, 
	unit_id INTEGER NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	name_as_written TEXT NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_assignment_units PRIMARY KEY (id), 
	CONSTRAINT ck_assignment_units_role CHECK (role IN ('lead', 'cooperate')), 
	CONSTRAINT fk_assignment_units_assignment_id_assignments FOREIGN KEY(assignment_id) REFERENCES assignments (id) ON DELETE CASCADE, 
	CONSTRAINT fk_assignment_units_unit_id_units FOREIGN KEY(unit_id) REFERENCES units (id), 
	CONSTRAINT uq_assignment_units_assignment_id_unit_id_role UNIQUE (assignment_id, unit_id, role)
);

CREATE INDEX ix_assignment_units_assignment_id ON assignment_units (assignment_id);

CREATE TABLE assignment_occurrences (
	id INTEGER NOT NULL, 
	assignment_id INTEGER NOT NULL, 
	due DATE NOT NULL, 
	CONSTRAINT pk_assignment_occurrences PRIMARY KEY (id), 
	CONSTRAINT fk_assignment_occurrences_assignment_id_assignments FOREIGN KEY(assignment_id) REFERENCES assignments (id) ON DELETE CASCADE, 
	CONSTRAINT uq_assignment_occurrences_assignment_id_due UNIQUE (assignment_id, due)
);

CREATE INDEX ix_assignment_occurrences_assignment_id ON assignment_occurrences (assignment_id);

CREATE INDEX ix_assignment_occurrences_due ON assignment_occurrences (due);

CREATE VIRTUAL TABLE assignment_fts USING fts5(task, quote, units, document, tokenize = 'unicode61 remove_diacritics 2');

CREATE VIRTUAL TABLE assignment_fts_vocab USING fts5vocab(assignment_fts, 'row');

CREATE VIEW assignment_search_source AS
SELECT a.id AS assignment_id,
       a.task_folded AS task,
       a.quote_folded AS quote,
       replace(replace(replace(replace(COALESCE((SELECT group_concat(l.name_as_written || ' ' || u.name, ' ') FROM assignment_units l JOIN units u ON u.id = l.unit_id WHERE l.assignment_id = a.id), ''), 'đ', 'd'), 'Đ', 'd'), 'ð', 'd'), 'Ð', 'd') AS units,
       replace(replace(replace(replace(COALESCE(d.doc_type_name, '') || ' ' || COALESCE(d.number, '') || ' ' || COALESCE(d.title, ''), 'đ', 'd'), 'Đ', 'd'), 'ð', 'd'), 'Ð', 'd') AS document,
       d.status AS state
FROM assignments a JOIN documents d ON d.id = a.document_id
WHERE a.status = 'live' AND d.status IN ('live', 'review');

CREATE TRIGGER assignments_search_insert AFTER INSERT ON assignments BEGIN
DELETE FROM assignment_fts WHERE rowid IN (new.id);
INSERT INTO assignment_fts(rowid, task, quote, units, document) SELECT assignment_id, task, quote, units, document FROM assignment_search_source WHERE assignment_id IN (new.id);
END;

CREATE TRIGGER assignments_search_update AFTER UPDATE OF task_folded, quote_folded, status, document_id ON assignments BEGIN
DELETE FROM assignment_fts WHERE rowid IN (old.id, new.id);
INSERT INTO assignment_fts(rowid, task, quote, units, document) SELECT assignment_id, task, quote, units, document FROM assignment_search_source WHERE assignment_id IN (old.id, new.id);
END;

CREATE TRIGGER assignments_search_delete AFTER DELETE ON assignments BEGIN
DELETE FROM assignment_fts WHERE rowid = old.id;
END;

CREATE TRIGGER assignment_units_search_insert AFTER INSERT ON assignment_units BEGIN
DELETE FROM assignment_fts WHERE rowid IN (new.assignment_id);
INSERT INTO assignment_fts(rowid, task, quote, units, document) SELECT assignment_id, task, quote, units, document FROM assignment_search_source WHERE assignment_id IN (new.assignment_id);
END;

CREATE TRIGGER assignment_units_search_update AFTER UPDATE OF assignment_id, unit_id, name_as_written ON assignment_units BEGIN
DELETE FROM assignment_fts WHERE rowid IN (old.assignment_id, new.assignment_id);
INSERT INTO assignment_fts(rowid, task, quote, units, document) SELECT assignment_id, task, quote, units, document FROM assignment_search_source WHERE assignment_id IN (old.assignment_id, new.assignment_id);
END;

CREATE TRIGGER assignment_units_search_delete AFTER DELETE ON assignment_units BEGIN
DELETE FROM assignment_fts WHERE rowid IN (old.assignment_id);
INSERT INTO assignment_fts(rowid, task, quote, units, document) SELECT assignment_id, task, quote, units, document FROM assignment_search_source WHERE assignment_id IN (old.assignment_id);
END;

CREATE TRIGGER documents_search_update AFTER UPDATE OF status, doc_type_name, number, title ON documents BEGIN
DELETE FROM assignment_fts WHERE rowid IN (SELECT id FROM assignments WHERE document_id = new.id);
INSERT INTO assignment_fts(rowid, task, quote, units, document) SELECT assignment_id, task, quote, units, document FROM assignment_search_source WHERE assignment_id IN (SELECT id FROM assignments WHERE document_id = new.id);
END;

CREATE TRIGGER units_search_update AFTER UPDATE OF name ON units BEGIN
DELETE FROM assignment_fts WHERE rowid IN (SELECT assignment_id FROM assignment_units WHERE unit_id = new.id);
INSERT INTO assignment_fts(rowid, task, quote, units, document) SELECT assignment_id, task, quote, units, document FROM assignment_search_source WHERE assignment_id IN (SELECT assignment_id FROM assignment_units WHERE unit_id = new.id);
END;

CREATE TABLE people (
	id INTEGER NOT NULL, 
	platform VARCHAR(20) NOT NULL, 
	user_id VARCHAR(100) NOT NULL, 
	display_name TEXT NOT NULL, 
	role VARCHAR(16), 
	unit_id INTEGER, 
	registration VARCHAR(16) NOT NULL, 
	private_chat_id VARCHAR(100), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_people PRIMARY KEY (id), 
	CONSTRAINT ck_people_role CHECK (role IS NULL OR role IN ('admin', 'leader')), 
	CONSTRAINT ck_people_registration CHECK (registration IN ('none', 'pending', 'approved', 'refused')), 
	CONSTRAINT fk_people_unit_id_units FOREIGN KEY(unit_id) REFERENCES units (id), 
	CONSTRAINT uq_people_platform_user_id UNIQUE (platform, user_id)
);

CREATE INDEX ix_people_role ON people (role);

CREATE INDEX ix_people_unit_id ON people (unit_id);

CREATE TABLE chat_bindings (
	id INTEGER NOT NULL, 
	platform VARCHAR(20) NOT NULL, 
	chat_id VARCHAR(100) NOT NULL, 
	kind VARCHAR(16) NOT NULL, 
	title TEXT NOT NULL, 
	unit_id INTEGER NOT NULL, 
	active BOOLEAN NOT NULL, 
	bound_by TEXT NOT NULL, 
	bound_at DATETIME NOT NULL, 
	changed_at DATETIME NOT NULL, 
	CONSTRAINT pk_chat_bindings PRIMARY KEY (id), 
	CONSTRAINT ck_chat_bindings_kind CHECK (kind IN ('private', 'group')), 
	CONSTRAINT fk_chat_bindings_unit_id_units FOREIGN KEY(unit_id) REFERENCES units (id), 
	CONSTRAINT uq_chat_bindings_platform_chat_id UNIQUE (platform, chat_id)
);

CREATE INDEX ix_chat_bindings_unit_id ON chat_bindings (unit_id);

CREATE INDEX ix_chat_bindings_active ON chat_bindings (active);

CREATE TABLE chat_memories (
	platform VARCHAR(20) NOT NULL, 
	chat_id VARCHAR(100) NOT NULL, 
	data JSON NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_chat_memories PRIMARY KEY (platform, chat_id)
);

CREATE TABLE reminder_ledger (
	id INTEGER NOT NULL, 
	"key" VARCHAR(300) NOT NULL, 
	assignment_id INTEGER, 
	occurrence DATE NOT NULL, 
	recipient VARCHAR(150) NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	payload JSON NOT NULL, 
	scheduled_at DATETIME NOT NULL, 
	available_at DATETIME NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	attempts INTEGER NOT NULL, 
	claimed_by VARCHAR(100), 
	lease_until DATETIME, 
	sent_at DATETIME, 
	last_error TEXT, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_reminder_ledger PRIMARY KEY (id), 
	CONSTRAINT ck_reminder_ledger_status CHECK (status IN ('pending', 'claimed', 'sent', 'failed', 'skipped', 'cancelled')), 
	CONSTRAINT uq_reminder_ledger_key UNIQUE ("key")
);

CREATE INDEX ix_reminder_ledger_assignment_id ON reminder_ledger (assignment_id);

CREATE INDEX ix_reminder_ledger_scheduled_at ON reminder_ledger (scheduled_at);

CREATE INDEX ix_reminder_ledger_updated_at ON reminder_ledger (updated_at);

CREATE INDEX ix_reminder_ledger_status_available_at ON reminder_ledger (status, available_at);

CREATE INDEX ix_reminder_ledger_recipient_status_scheduled_at ON reminder_ledger (recipient, status, scheduled_at);

CREATE TABLE progress_reports (
	id INTEGER NOT NULL, 
	assignment_id INTEGER NOT NULL, 
	occurrence DATE, 
	state VARCHAR(16) NOT NULL, 
	percent INTEGER, 
	note TEXT NOT NULL, 
	completed_on DATE, 
	evidence_number TEXT, 
	evidence_file TEXT, 
	reason TEXT, 
	reported_at DATETIME NOT NULL, 
	actor_platform VARCHAR(20) NOT NULL, 
	actor_user_id VARCHAR(100) NOT NULL, 
	actor_name TEXT NOT NULL, 
	chat_id VARCHAR(100), 
	confirmation VARCHAR(16) NOT NULL, 
	confirmed_at DATETIME, 
	confirmed_by_platform VARCHAR(20), 
	confirmed_by_user_id VARCHAR(100), 
	confirmed_by_name TEXT, 
	confirmation_note TEXT, 
	CONSTRAINT pk_progress_reports PRIMARY KEY (id), 
	CONSTRAINT ck_progress_reports_state CHECK (state IN ('in_progress', 'done', 'blocked')), 
	CONSTRAINT ck_progress_reports_confirmation CHECK (confirmation IN ('not_required', 'pending', 'confirmed', 'rejected')), 
	CONSTRAINT ck_progress_reports_percent CHECK (percent IS NULL OR (percent >= 0 AND percent <= 100)), 
	CONSTRAINT fk_progress_reports_assignment_id_assignments FOREIGN KEY(assignment_id) REFERENCES assignments (id) ON DELETE CASCADE
);

CREATE INDEX ix_progress_reports_assignment_id ON progress_reports (assignment_id);

CREATE INDEX ix_progress_reports_latest ON progress_reports (assignment_id, occurrence, id);

CREATE TABLE extension_requests (
	id INTEGER NOT NULL, 
	assignment_id INTEGER NOT NULL, 
	occurrence DATE, 
	previous_due DATE NOT NULL, 
	proposed_due DATE NOT NULL, 
	reason TEXT NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	requested_at DATETIME NOT NULL, 
	requester_platform VARCHAR(20) NOT NULL, 
	requester_user_id VARCHAR(100) NOT NULL, 
	requester_name TEXT NOT NULL, 
	chat_id VARCHAR(100), 
	decided_at DATETIME, 
	decider_platform VARCHAR(20), 
	decider_user_id VARCHAR(100), 
	decider_name TEXT, 
	approved_due DATE, 
	decision_note TEXT, 
	CONSTRAINT pk_extension_requests PRIMARY KEY (id), 
	CONSTRAINT ck_extension_requests_state CHECK (state IN ('pending', 'approved', 'refused')), 
	CONSTRAINT fk_extension_requests_assignment_id_assignments FOREIGN KEY(assignment_id) REFERENCES assignments (id) ON DELETE CASCADE
);

CREATE INDEX ix_extension_requests_assignment_id ON extension_requests (assignment_id);

CREATE INDEX ix_extension_requests_state ON extension_requests (state);

CREATE TABLE progress_audit (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	assignment_id INTEGER, 
	occurrence DATE, 
	actor_platform VARCHAR(20) NOT NULL, 
	actor_user_id VARCHAR(100) NOT NULL, 
	actor_name TEXT NOT NULL, 
	chat_id VARCHAR(100), 
	action VARCHAR(32) NOT NULL, 
	"before" JSON, 
	"after" JSON, 
	accepted BOOLEAN NOT NULL, 
	refusal TEXT, 
	CONSTRAINT pk_progress_audit PRIMARY KEY (id)
);

CREATE INDEX ix_progress_audit_at ON progress_audit (at);

CREATE INDEX ix_progress_audit_assignment_id ON progress_audit (assignment_id);

CREATE TABLE chat_binding_requests (
	id INTEGER NOT NULL, 
	platform VARCHAR(20) NOT NULL, 
	chat_id VARCHAR(100) NOT NULL, 
	title TEXT NOT NULL, 
	unit_id INTEGER NOT NULL, 
	state VARCHAR(16) NOT NULL, 
	requested_by TEXT NOT NULL, 
	requester_name TEXT NOT NULL, 
	requested_at DATETIME NOT NULL, 
	decided_by TEXT, 
	decided_at DATETIME, 
	CONSTRAINT pk_chat_binding_requests PRIMARY KEY (id), 
	CONSTRAINT ck_chat_binding_requests_state CHECK (state IN ('pending', 'approved', 'refused', 'withdrawn')), 
	CONSTRAINT fk_chat_binding_requests_unit_id_units FOREIGN KEY(unit_id) REFERENCES units (id)
);

CREATE INDEX ix_chat_binding_requests_chat_id ON chat_binding_requests (chat_id);

CREATE INDEX ix_chat_binding_requests_unit_id ON chat_binding_requests (unit_id);

CREATE INDEX ix_chat_binding_requests_state ON chat_binding_requests (state);

CREATE TABLE access_audit (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	platform VARCHAR(20) NOT NULL, 
	user_id VARCHAR(100) NOT NULL, 
	actor_name TEXT NOT NULL, 
	chat_id VARCHAR(100), 
	action VARCHAR(32) NOT NULL, 
	target TEXT NOT NULL, 
	accepted BOOLEAN NOT NULL, 
	refusal VARCHAR(32), 
	detail JSON, 
	CONSTRAINT pk_access_audit PRIMARY KEY (id)
);

CREATE INDEX ix_access_audit_at ON access_audit (at);

CREATE TABLE send_budget (
	bot VARCHAR(100) NOT NULL, 
	tat FLOAT NOT NULL, 
	CONSTRAINT pk_send_budget PRIMARY KEY (bot)
);

CREATE TABLE app_state (
	"key" VARCHAR(100) NOT NULL, 
	value TEXT NOT NULL, 
	CONSTRAINT pk_app_state PRIMARY KEY ("key")
);

CREATE TABLE data_version (
	id INTEGER NOT NULL, 
	version BIGINT NOT NULL, 
	CONSTRAINT pk_data_version PRIMARY KEY (id)
);

CREATE INDEX ix_documents_ingested_at ON documents (ingested_at);

CREATE TRIGGER dv_documents_insert AFTER INSERT ON documents BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_documents_update AFTER UPDATE ON documents BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_documents_delete AFTER DELETE ON documents BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_assignments_insert AFTER INSERT ON assignments BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_assignments_update AFTER UPDATE ON assignments BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_assignments_delete AFTER DELETE ON assignments BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_assignment_units_insert AFTER INSERT ON assignment_units BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_assignment_units_update AFTER UPDATE ON assignment_units BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_assignment_units_delete AFTER DELETE ON assignment_units BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_assignment_occurrences_insert AFTER INSERT ON assignment_occurrences BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_assignment_occurrences_update AFTER UPDATE ON assignment_occurrences BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_assignment_occurrences_delete AFTER DELETE ON assignment_occurrences BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_units_insert AFTER INSERT ON units BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_units_update AFTER UPDATE ON units BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_units_delete AFTER DELETE ON units BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_progress_reports_insert AFTER INSERT ON progress_reports BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_progress_reports_update AFTER UPDATE ON progress_reports BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_progress_reports_delete AFTER DELETE ON progress_reports BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_extension_requests_insert AFTER INSERT ON extension_requests BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_extension_requests_update AFTER UPDATE ON extension_requests BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_extension_requests_delete AFTER DELETE ON extension_requests BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_chat_bindings_insert AFTER INSERT ON chat_bindings BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_chat_bindings_update AFTER UPDATE ON chat_bindings BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_chat_bindings_delete AFTER DELETE ON chat_bindings BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_people_insert AFTER INSERT ON people BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_people_update AFTER UPDATE OF role, unit_id, registration, private_chat_id ON people BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_people_delete AFTER DELETE ON people BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE TRIGGER dv_reminder_ledger_cancel AFTER UPDATE OF status ON reminder_ledger WHEN NEW.status = 'cancelled' AND OLD.status <> 'cancelled' BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END;

CREATE INDEX ix_assignment_units_unit_role ON assignment_units (unit_id, role, assignment_id);

CREATE INDEX ix_assignments_id_filter ON assignments (id, status, deadline, document_id, position);

CREATE INDEX ix_documents_id_status ON documents (id, status);

INSERT INTO alembic_version (version_num) VALUES ('0011');

INSERT INTO data_version (id, version) VALUES (1, 0);
