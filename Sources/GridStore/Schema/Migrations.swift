import GridService
/// The schema, as an ordered list of migrations. A database records the last one applied in
/// `wangge_schema`; opening an older file applies the rest, a newer file is refused.
enum Migrations {
    static let levels = "'province','city','district','street','community','grid'"

    /// Migration k (1-based) is `all[k - 1]`. Append only; never edit a released step.
    static let all: [String] = [
        // 1: the registry.
        """
        CREATE TABLE area (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN (\(levels))),
            level_rank INTEGER NOT NULL,
            parent TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            population INTEGER,
            worker TEXT,
            phone TEXT,
            area_m2 REAL NOT NULL
        );
        SELECT AddGeometryColumn('area', 'geom', 4326, 'MULTIPOLYGON', 'XY', 1);
        SELECT CreateSpatialIndex('area', 'geom');
        CREATE INDEX area_level ON area(level);
        CREATE INDEX area_parent ON area(parent);

        CREATE TABLE building (
            id TEXT PRIMARY KEY,
            address TEXT NOT NULL,
            name TEXT,
            number TEXT,
            floors INTEGER,
            province_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            city_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            district_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            street_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            community_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            grid_id TEXT REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED
        );
        SELECT AddGeometryColumn('building', 'footprint', 4326, 'MULTIPOLYGON', 'XY', 0);
        SELECT AddGeometryColumn('building', 'position', 4326, 'POINT', 'XY', 1);
        SELECT CreateSpatialIndex('building', 'footprint');
        SELECT CreateSpatialIndex('building', 'position');
        CREATE INDEX building_grid ON building(grid_id);

        CREATE TABLE household (
            id TEXT PRIMARY KEY,
            building_id TEXT NOT NULL REFERENCES building(id) DEFERRABLE INITIALLY DEFERRED,
            unit TEXT,
            floor INTEGER,
            room TEXT,
            address TEXT
        );
        CREATE INDEX household_building ON household(building_id);

        CREATE TABLE person (
            id TEXT PRIMARY KEY,
            household_id TEXT NOT NULL REFERENCES household(id) DEFERRABLE INITIALLY DEFERRED,
            name TEXT NOT NULL,
            id_number TEXT,
            phone TEXT,
            tags TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX person_household ON person(household_id);

        CREATE TABLE category (
            code TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            default_level TEXT NOT NULL CHECK (default_level IN (\(levels))),
            dispatch_days INTEGER NOT NULL,
            first_reply_days INTEGER NOT NULL,
            resolve_working_days INTEGER NOT NULL,
            sensitive INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE unit (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            level TEXT NOT NULL CHECK (level IN (\(levels))),
            parent TEXT REFERENCES unit(id) DEFERRABLE INITIALLY DEFERRED
        );
        CREATE TABLE unit_jurisdiction (
            unit_id TEXT NOT NULL REFERENCES unit(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            area_id TEXT NOT NULL REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (unit_id, area_id)
        );
        CREATE INDEX unit_jurisdiction_area ON unit_jurisdiction(area_id);
        CREATE TABLE unit_category (
            unit_id TEXT NOT NULL REFERENCES unit(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            category_code TEXT NOT NULL REFERENCES category(code) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (unit_id, category_code)
        );

        CREATE TABLE import_log (
            id INTEGER PRIMARY KEY,
            layer TEXT NOT NULL,
            source TEXT NOT NULL,
            records INTEGER NOT NULL,
            warnings INTEGER NOT NULL,
            imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        """,
        // 2: petitions (history and intake) and each unit's covered ground for maps.
        """
        CREATE TABLE petition (
            id TEXT PRIMARY KEY,
            received_at TEXT NOT NULL,
            received_epoch INTEGER NOT NULL,
            channel TEXT NOT NULL,
            kind TEXT NOT NULL,
            category TEXT NOT NULL,
            urgency TEXT NOT NULL,
            text TEXT NOT NULL,
            address TEXT,
            status TEXT NOT NULL,
            building_id TEXT,
            province_id TEXT,
            city_id TEXT,
            district_id TEXT,
            street_id TEXT,
            community_id TEXT,
            grid_id TEXT,
            resolve_by TEXT,
            resolve_by_epoch INTEGER
        );
        SELECT AddGeometryColumn('petition', 'position', 4326, 'POINT', 'XY', 0);
        SELECT CreateSpatialIndex('petition', 'position');
        CREATE INDEX petition_received ON petition(received_epoch);
        CREATE INDEX petition_grid ON petition(grid_id);

        SELECT AddGeometryColumn('unit', 'coverage', 4326, 'MULTIPOLYGON', 'XY', 0);
        SELECT CreateSpatialIndex('unit', 'coverage');
        """,
        // 3: the petition desk — the case record, its append-only events, the working-day
        // calendar, the desk's rules and per-day id counters; per-kind deadlines on categories.
        """
        ALTER TABLE petition ADD COLUMN household_id TEXT;
        ALTER TABLE petition ADD COLUMN location_crs TEXT;
        ALTER TABLE petition ADD COLUMN contact_name TEXT;
        ALTER TABLE petition ADD COLUMN contact_phone TEXT;
        ALTER TABLE petition ADD COLUMN difficulty INTEGER;
        ALTER TABLE petition ADD COLUMN boundary_version INTEGER;
        ALTER TABLE petition ADD COLUMN dispatch_by TEXT;
        ALTER TABLE petition ADD COLUMN first_reply_by TEXT;
        ALTER TABLE petition ADD COLUMN unit_id TEXT;
        ALTER TABLE petition ADD COLUMN assisting_units TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE petition ADD COLUMN rule_id TEXT;
        ALTER TABLE petition ADD COLUMN rule_reason TEXT;
        ALTER TABLE petition ADD COLUMN dispatched_at TEXT;
        ALTER TABLE petition ADD COLUMN first_reply_at TEXT;
        ALTER TABLE petition ADD COLUMN resolved_at TEXT;
        ALTER TABLE petition ADD COLUMN closed_at TEXT;
        ALTER TABLE petition ADD COLUMN rating TEXT;
        ALTER TABLE petition ADD COLUMN outcome TEXT;
        ALTER TABLE petition ADD COLUMN round INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE petition ADD COLUMN callback INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE petition ADD COLUMN duplicate_of TEXT;
        ALTER TABLE petition ADD COLUMN reject_reason TEXT;
        ALTER TABLE petition ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX petition_status ON petition(status);
        CREATE INDEX petition_unit ON petition(unit_id);
        CREATE INDEX petition_building ON petition(building_id);
        CREATE TABLE petition_event (
            petition_id TEXT NOT NULL REFERENCES petition(id) DEFERRABLE INITIALLY DEFERRED,
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            at_epoch INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT NOT NULL,
            note TEXT,
            details TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (petition_id, seq)
        );
        CREATE INDEX petition_event_at ON petition_event(at_epoch);
        -- Events are history: never changed, never deleted except with their petition.
        CREATE TRIGGER petition_event_append_only BEFORE UPDATE ON petition_event
            BEGIN SELECT RAISE(ABORT, 'petition events are append-only'); END;
        CREATE TABLE petition_counter (day TEXT PRIMARY KEY, last INTEGER NOT NULL);
        CREATE TABLE calendar_day (
            day INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            working INTEGER NOT NULL,
            name TEXT NOT NULL
        );
        CREATE TABLE desk_policy (id INTEGER PRIMARY KEY CHECK (id = 1), document TEXT NOT NULL);
        ALTER TABLE category ADD COLUMN resolve_by_kind TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE category ADD COLUMN difficulty_tiers TEXT NOT NULL DEFAULT '[]';
        """,
        // 4: access — API tokens (only their SHA-256 is kept) and the append-only audit log.
        """
        CREATE TABLE api_token (
            id TEXT PRIMARY KEY,
            secret_sha256 TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'dispatcher', 'unit', 'grid_worker', 'inspector', 'planner')),
            area_id TEXT,
            unit_id TEXT,
            label TEXT,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            at_epoch INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT,
            origin TEXT,
            detail TEXT
        );
        CREATE INDEX audit_log_at ON audit_log(at_epoch);
        CREATE INDEX audit_log_actor ON audit_log(actor);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """,
        // 5: a grid worker's token may cover a community or a street: its petitions by index.
        """
        CREATE INDEX petition_community ON petition(community_id);
        CREATE INDEX petition_street ON petition(street_id);
        """,
        // 6: CGCS2000 (China's official system) and Web Mercator in spatial_ref_sys, for QGIS and
        // ogr2ogr reprojecting what they read from the file.
        """
        SELECT InsertEpsgSrid(4490);
        SELECT InsertEpsgSrid(3857);
        """,
        // 7: the case loop's state (supervisions, extension asked, return, screening, ratings) as JSON.
        """
        ALTER TABLE petition ADD COLUMN case_state TEXT;
        """,
        // 8: attachments' records (the bytes live in a blob store) and the petitions holding them.
        """
        CREATE TABLE attachment (
            id TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            size INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TABLE petition_attachment (
            petition_id TEXT NOT NULL,
            attachment_id TEXT NOT NULL REFERENCES attachment(id),
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL,
            PRIMARY KEY (petition_id, attachment_id)
        );
        CREATE INDEX petition_attachment_by_attachment ON petition_attachment(attachment_id);
        """,
        // 9: the petitioner's phone as a keyed hash, to find a caller's history by index.
        """
        ALTER TABLE petition ADD COLUMN contact_key TEXT;
        CREATE INDEX petition_contact_key ON petition(contact_key);
        """,
        // 10: notices to the people a case concerns, kept so that a stream can resume without loss.
        """
        CREATE TABLE notice (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            type TEXT NOT NULL,
            petition_id TEXT NOT NULL,
            unit_id TEXT,
            assisting_units TEXT NOT NULL,
            placement TEXT NOT NULL,
            category TEXT NOT NULL,
            summary TEXT NOT NULL
        );
        """,
        // 11: webhooks, their deliveries (the delivery log) and how far notices were handed to them.
        """
        CREATE TABLE hook (
            id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            events TEXT NOT NULL,
            unit_id TEXT,
            secret TEXT NOT NULL,
            created_at TEXT NOT NULL,
            removed_at TEXT
        );
        CREATE TABLE hook_delivery (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            hook_id TEXT NOT NULL REFERENCES hook(id),
            notice_id INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'pending',
            next_at_epoch INTEGER NOT NULL,
            last_status INTEGER,
            last_error TEXT,
            delivered_at TEXT,
            UNIQUE (hook_id, notice_id)
        );
        CREATE INDEX hook_delivery_due ON hook_delivery(state, next_at_epoch);
        CREATE TABLE hook_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), notice_id INTEGER NOT NULL);
        """,
        // 12: people who sign in to the desk (bcrypt hashes, optional TOTP) and their sessions,
        // kept by the SHA-256 of the cookie's value so that a copy of the database opens none.
        """
        CREATE TABLE user_account (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            area_id TEXT,
            unit_id TEXT,
            password_hash TEXT NOT NULL,
            totp_secret TEXT,
            created_at TEXT NOT NULL,
            disabled_at TEXT,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            generation INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE desk_session (
            id_sha256 TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            idle_until_epoch INTEGER NOT NULL,
            expires_epoch INTEGER NOT NULL
        );
        """,
        // 13: early warnings (clusters, recurring places, meter anomalies), their status changes,
        // the days already scanned, and meter readings.
        """
        CREATE TABLE early_warning (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            category TEXT,
            start_day INTEGER NOT NULL,
            end_day INTEGER NOT NULL,
            observed INTEGER NOT NULL,
            expected REAL,
            p_value REAL,
            recurrence_days REAL,
            radius_m REAL,
            lon REAL NOT NULL,
            lat REAL NOT NULL,
            outline TEXT NOT NULL,
            grids TEXT NOT NULL,
            units TEXT NOT NULL,
            building TEXT,
            meter TEXT,
            petitions TEXT NOT NULL,
            status TEXT NOT NULL,
            summary TEXT NOT NULL
        );
        CREATE INDEX early_warning_days ON early_warning(end_day, kind);
        CREATE TABLE early_warning_event (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            warning_id TEXT NOT NULL REFERENCES early_warning(id),
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            status TEXT NOT NULL,
            note TEXT
        );
        CREATE TABLE warning_scan (day INTEGER PRIMARY KEY, at TEXT NOT NULL);
        CREATE TABLE meter_reading (
            building_id TEXT NOT NULL,
            meter TEXT NOT NULL,
            kind TEXT NOT NULL,
            day INTEGER NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (building_id, meter, kind, day)
        );
        """,
        // 14: when each open case next needs a deadline warning (`Petition.nextWarningAt`), by
        // index: the minute's round reads the cases due instead of every open one. Open cases
        // start due, so the first round looks at each once and stores its true time.
        """
        ALTER TABLE petition ADD COLUMN warn_at_epoch INTEGER;
        UPDATE petition SET warn_at_epoch = received_epoch WHERE status NOT IN (\(PetitionRecord.closedStatusList));
        CREATE INDEX petition_warn_at ON petition(warn_at_epoch) WHERE warn_at_epoch IS NOT NULL;
        """,
    ]

    static var latest: Int { all.count }
}
