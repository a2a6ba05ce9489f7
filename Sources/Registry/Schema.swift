import GRDB
import IntakeModel

extension FormKind: DatabaseValueConvertible {}
extension FieldStatus: DatabaseValueConvertible {}

enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // Imported from the regional export. `person_key` (hash of normalised surname, first name,
            // birth date) finds the same child on other entries; `search_name` is the normalised surname.
            try db.execute(sql: """
                CREATE TABLE registry_entry (
                    registry_number TEXT PRIMARY KEY NOT NULL,
                    last_name TEXT NOT NULL,
                    first_name TEXT NOT NULL,
                    middle_name TEXT,
                    birth_date TEXT NOT NULL,
                    category TEXT,
                    municipality TEXT,
                    status TEXT,
                    consent_revoked INTEGER NOT NULL DEFAULT 0,
                    imported_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL,
                    activated_at DATETIME,
                    activated_packet_id INTEGER,
                    person_key TEXT NOT NULL,
                    search_name TEXT NOT NULL
                );
                CREATE INDEX registry_entry_person_key ON registry_entry(person_key);
                CREATE INDEX registry_entry_search_name ON registry_entry(search_name);

                CREATE TABLE packet (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    key TEXT NOT NULL UNIQUE,
                    application_number TEXT,
                    registry_number TEXT,
                    state TEXT NOT NULL CHECK (state IN ('registered', 'review', 'rejected')),
                    reasons TEXT NOT NULL DEFAULT '[]',
                    person_key TEXT,
                    municipality TEXT,
                    created_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL
                );
                CREATE INDEX packet_state ON packet(state, created_at);
                CREATE INDEX packet_registry_number ON packet(registry_number);
                CREATE INDEX packet_application_number ON packet(application_number);
                CREATE INDEX packet_person_key ON packet(person_key);

                CREATE TABLE document (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sha256 TEXT NOT NULL UNIQUE,
                    file_name TEXT,
                    size INTEGER NOT NULL,
                    page_count INTEGER NOT NULL,
                    packet_id INTEGER REFERENCES packet(id),
                    created_at DATETIME NOT NULL
                );
                CREATE INDEX document_packet ON document(packet_id);

                CREATE TABLE page (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                    page_number INTEGER NOT NULL,
                    form TEXT NOT NULL,
                    image BLOB,
                    image_format TEXT,
                    width INTEGER,
                    height INTEGER,
                    tesseract_version TEXT,
                    model_checksums TEXT,
                    signed INTEGER,
                    self_application INTEGER,
                    issues TEXT NOT NULL DEFAULT '[]',
                    UNIQUE (document_id, page_number)
                );

                CREATE TABLE field (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    packet_id INTEGER NOT NULL REFERENCES packet(id),
                    page_id INTEGER NOT NULL REFERENCES page(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    value TEXT,
                    status TEXT NOT NULL CHECK (status IN ('ok', 'review', 'missing')),
                    confidence REAL NOT NULL DEFAULT 0,
                    box TEXT,
                    raw TEXT,
                    rule TEXT,
                    reason TEXT,
                    original_value TEXT,
                    corrected_by TEXT,
                    corrected_at DATETIME,
                    UNIQUE (page_id, key)
                );
                CREATE INDEX field_packet ON field(packet_id, key);

                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at DATETIME NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    packet_id INTEGER,
                    registry_number TEXT,
                    detail TEXT NOT NULL DEFAULT '{}'
                );
                CREATE INDEX audit_packet ON audit(packet_id);
                CREATE INDEX audit_registry_number ON audit(registry_number);

                CREATE TABLE reviewer (
                    name TEXT PRIMARY KEY NOT NULL,
                    password_hash TEXT NOT NULL,
                    created_at DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2-review-confirmations") { db in
            // A reviewer's confirmation of the machine's value is kept apart from a correction; reviewers have
            // roles and can be disabled; sessions of the review app survive a restart; a packet can be claimed
            // by one reviewer at a time and wait for a supervisor's second approval.
            try db.execute(sql: """
                ALTER TABLE field ADD COLUMN confirmed_by TEXT;
                ALTER TABLE field ADD COLUMN confirmed_at DATETIME;
                ALTER TABLE reviewer ADD COLUMN role TEXT NOT NULL DEFAULT 'reviewer'
                    CHECK (role IN ('reviewer', 'supervisor', 'admin'));
                ALTER TABLE reviewer ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE packet ADD COLUMN claimed_by TEXT;
                ALTER TABLE packet ADD COLUMN claimed_until DATETIME;
                ALTER TABLE packet ADD COLUMN approval_requested_by TEXT;
                ALTER TABLE page ADD COLUMN packet_id INTEGER REFERENCES packet(id);
                CREATE INDEX page_packet ON page(packet_id) WHERE packet_id IS NOT NULL;
                CREATE TABLE review_session (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    reviewer TEXT NOT NULL REFERENCES reviewer(name) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL,
                    created_at DATETIME NOT NULL,
                    last_seen DATETIME NOT NULL,
                    flash TEXT
                );
                CREATE INDEX review_session_reviewer ON review_session(reviewer);
                """)
        }
        migrator.registerMigration("v2-page-image-hash") { db in
            // SHA-256 of the stored image bytes, checked when the image is read: damage in the file shows up
            // as an error instead of a wrong picture. Images stored before this have none (not checked).
            try db.execute(sql: "ALTER TABLE page ADD COLUMN image_sha256 TEXT")
        }
        migrator.registerMigration("v2-ingest-page-staging") { db in
            // Pages of documents still being read: each page is kept here as soon as it is read, so that a
            // stopped or killed batch loses at most the pages in flight; registering the document moves its
            // pages into `page` and deletes these rows in the same transaction.
            try db.execute(sql: """
                CREATE TABLE ingest_page (
                    sha256 TEXT NOT NULL,
                    page_number INTEGER NOT NULL,
                    page_count INTEGER NOT NULL,
                    result TEXT NOT NULL,
                    image BLOB,
                    image_sha256 TEXT,
                    width INTEGER,
                    height INTEGER,
                    staged_at DATETIME NOT NULL,
                    PRIMARY KEY (sha256, page_number)
                )
                """)
        }
        migrator.registerMigration("v3-field-doubt") { db in
            // The code of a field's doubt (IntakeModel.Doubt): which evidence may lift it is decided on the code.
            try db.execute(sql: "ALTER TABLE field ADD COLUMN doubt TEXT")
        }
        return migrator
    }
}
