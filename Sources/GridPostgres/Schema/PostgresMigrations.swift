import GridService

/// The PostgreSQL schema, as an ordered list of migrations (its own numbering; append only,
/// never edit a released step). Geometry is PostGIS `geometry` in EPSG:4326 with GiST indexes.
///
/// Laid out for Citus: the small, everywhere-joined tables (areas, units, categories, the
/// calendar) are what Citus calls reference tables; the big ones carry `district_id`, the
/// distribution column they would be sharded by (README, "PostgreSQL").
enum PostgresMigrations {
    static let levels = "'province','city','district','street','community','grid'"

    static let all: [String] = [
        // 1: the registry and access.
        """
        CREATE EXTENSION IF NOT EXISTS postgis;

        CREATE TABLE area (
            id text PRIMARY KEY,
            name text NOT NULL,
            level text NOT NULL CHECK (level IN (\(levels))),
            level_rank integer NOT NULL,
            parent text REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            population bigint,
            worker text,
            phone text,
            area_m2 double precision NOT NULL,
            geom geometry(MultiPolygon, 4326) NOT NULL
        );
        CREATE INDEX area_geom ON area USING gist (geom);
        CREATE INDEX area_level ON area (level);
        CREATE INDEX area_parent ON area (parent);

        CREATE TABLE building (
            id text PRIMARY KEY,
            address text NOT NULL,
            name text,
            number text,
            floors integer,
            province_id text REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            city_id text REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            district_id text REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            street_id text REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            community_id text REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            grid_id text REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            footprint geometry(MultiPolygon, 4326),
            position geometry(Point, 4326) NOT NULL
        );
        CREATE INDEX building_footprint ON building USING gist (footprint);
        CREATE INDEX building_position ON building USING gist (position);
        CREATE INDEX building_grid ON building (grid_id);
        CREATE INDEX building_district ON building (district_id);

        CREATE TABLE household (
            id text PRIMARY KEY,
            building_id text NOT NULL REFERENCES building(id) DEFERRABLE INITIALLY DEFERRED,
            district_id text,
            unit text,
            floor integer,
            room text,
            address text
        );
        CREATE INDEX household_building ON household (building_id);

        CREATE TABLE person (
            id text PRIMARY KEY,
            household_id text NOT NULL REFERENCES household(id) DEFERRABLE INITIALLY DEFERRED,
            district_id text,
            name text NOT NULL,
            id_number text,
            phone text,
            tags jsonb NOT NULL DEFAULT '[]'
        );
        CREATE INDEX person_household ON person (household_id);

        CREATE TABLE category (
            code text PRIMARY KEY,
            name_zh text NOT NULL,
            name_en text NOT NULL,
            default_level text NOT NULL CHECK (default_level IN (\(levels))),
            dispatch_days integer NOT NULL,
            first_reply_days integer NOT NULL,
            resolve_working_days integer NOT NULL,
            sensitive boolean NOT NULL DEFAULT false,
            resolve_by_kind jsonb NOT NULL DEFAULT '{}',
            difficulty_tiers jsonb NOT NULL DEFAULT '[]'
        );

        CREATE TABLE unit (
            id text PRIMARY KEY,
            name text NOT NULL,
            level text NOT NULL CHECK (level IN (\(levels))),
            parent text REFERENCES unit(id) DEFERRABLE INITIALLY DEFERRED,
            coverage geometry(MultiPolygon, 4326)
        );
        CREATE INDEX unit_coverage ON unit USING gist (coverage);
        CREATE TABLE unit_jurisdiction (
            unit_id text NOT NULL REFERENCES unit(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            area_id text NOT NULL REFERENCES area(id) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (unit_id, area_id)
        );
        CREATE INDEX unit_jurisdiction_area ON unit_jurisdiction (area_id);
        CREATE TABLE unit_category (
            unit_id text NOT NULL REFERENCES unit(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
            category_code text NOT NULL REFERENCES category(code) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (unit_id, category_code)
        );

        CREATE TABLE calendar_day (
            day integer PRIMARY KEY,
            date text NOT NULL,
            working boolean NOT NULL,
            name text NOT NULL
        );
        CREATE TABLE desk_policy (id integer PRIMARY KEY CHECK (id = 1), document text NOT NULL);  -- as given

        CREATE TABLE import_log (
            id bigserial PRIMARY KEY,
            layer text NOT NULL,
            source text NOT NULL,
            records integer NOT NULL,
            warnings integer NOT NULL,
            imported_at timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE api_token (
            id text PRIMARY KEY,
            secret_sha256 text NOT NULL UNIQUE,
            role text NOT NULL CHECK (role IN ('admin', 'dispatcher', 'unit', 'grid_worker', 'inspector', 'planner')),
            area_id text,
            unit_id text,
            label text,
            created_at text NOT NULL,
            revoked_at text
        );
        CREATE TABLE audit_log (
            id bigserial PRIMARY KEY,
            at text NOT NULL,
            at_epoch bigint NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            target text,
            origin text,
            detail text
        );
        CREATE INDEX audit_log_at ON audit_log (at_epoch);
        CREATE INDEX audit_log_actor ON audit_log (actor);
        CREATE FUNCTION wangge_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION wangge_append_only();

        CREATE TABLE user_account (
            name text PRIMARY KEY,
            role text NOT NULL,
            area_id text,
            unit_id text,
            password_hash text NOT NULL,
            totp_secret text,
            created_at text NOT NULL,
            disabled_at text,
            failed_attempts integer NOT NULL DEFAULT 0,
            locked_until text,
            generation integer NOT NULL DEFAULT 0
        );
        CREATE TABLE desk_session (
            id_sha256 text PRIMARY KEY,
            value text NOT NULL,
            idle_until_epoch bigint NOT NULL,
            expires_epoch bigint NOT NULL
        );
        """,
        // 2: petitions and their events — both partitioned by month of receipt (a partition per
        // month is made on first use, `PostgresStore.ensurePartitions`), so a decade of a city's
        // history stays fast and old months can be detached — the per-day id counter,
        // attachments, notices, webhooks, early warnings and meter readings.
        """
        CREATE TABLE petition (
            id text NOT NULL,
            received_at text NOT NULL,
            received_epoch bigint NOT NULL,
            channel text NOT NULL,
            kind text NOT NULL,
            category text NOT NULL,
            urgency text NOT NULL,
            text text NOT NULL,
            address text,
            status text NOT NULL,
            building_id text,
            province_id text,
            city_id text,
            district_id text,
            street_id text,
            community_id text,
            grid_id text,
            resolve_by text,
            resolve_by_epoch bigint,
            household_id text,
            location_crs text,
            contact_name text,
            contact_phone text,
            difficulty integer,
            boundary_version bigint,
            dispatch_by text,
            first_reply_by text,
            unit_id text,
            assisting_units text NOT NULL DEFAULT '[]',
            rule_id text,
            rule_reason text,
            dispatched_at text,
            first_reply_at text,
            resolved_at text,
            closed_at text,
            rating text,
            outcome text,
            round integer NOT NULL DEFAULT 1,
            callback integer NOT NULL DEFAULT 0,
            duplicate_of text,
            reject_reason text,
            warned integer NOT NULL DEFAULT 0,
            case_state text,
            contact_key text,
            position geometry(Point, 4326),
            PRIMARY KEY (id, received_epoch)
        ) PARTITION BY RANGE (received_epoch);
        CREATE INDEX petition_id ON petition (id);
        CREATE INDEX petition_position ON petition USING gist (position);
        CREATE INDEX petition_received ON petition (received_epoch);
        CREATE INDEX petition_grid ON petition (grid_id);
        CREATE INDEX petition_community ON petition (community_id);
        CREATE INDEX petition_street ON petition (street_id);
        CREATE INDEX petition_district ON petition (district_id);
        CREATE INDEX petition_status ON petition (status);
        CREATE INDEX petition_unit ON petition (unit_id);
        CREATE INDEX petition_building ON petition (building_id);
        CREATE INDEX petition_contact_key ON petition (contact_key);

        CREATE TABLE petition_event (
            id bigserial,
            petition_id text NOT NULL,
            received_epoch bigint NOT NULL,
            seq integer NOT NULL,
            at text NOT NULL,
            at_epoch bigint NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            from_status text,
            to_status text NOT NULL,
            note text,
            details text NOT NULL DEFAULT '{}',
            PRIMARY KEY (petition_id, seq, received_epoch)
        ) PARTITION BY RANGE (received_epoch);
        CREATE INDEX petition_event_at ON petition_event (at_epoch);
        CREATE TABLE petition_counter (day text PRIMARY KEY, last integer NOT NULL);

        CREATE TABLE attachment (
            id text PRIMARY KEY,
            type text NOT NULL,
            size bigint NOT NULL,
            created_at text NOT NULL,
            created_by text NOT NULL
        );
        CREATE TABLE petition_attachment (
            petition_id text NOT NULL,
            attachment_id text NOT NULL REFERENCES attachment(id),
            added_at text NOT NULL,
            added_by text NOT NULL,
            PRIMARY KEY (petition_id, attachment_id)
        );
        CREATE INDEX petition_attachment_by_attachment ON petition_attachment (attachment_id);

        CREATE TABLE notice (
            id bigserial PRIMARY KEY,
            at text NOT NULL,
            type text NOT NULL,
            petition_id text NOT NULL,
            unit_id text,
            assisting_units text NOT NULL,
            placement text NOT NULL,
            category text NOT NULL,
            summary text NOT NULL
        );

        CREATE TABLE hook (
            id text PRIMARY KEY,
            url text NOT NULL,
            events text NOT NULL,
            unit_id text,
            secret text NOT NULL,
            created_at text NOT NULL,
            removed_at text
        );
        CREATE TABLE hook_delivery (
            id bigserial PRIMARY KEY,
            hook_id text NOT NULL REFERENCES hook(id),
            notice_id bigint NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            state text NOT NULL DEFAULT 'pending',
            next_at_epoch bigint NOT NULL,
            last_status integer,
            last_error text,
            delivered_at text,
            UNIQUE (hook_id, notice_id)
        );
        CREATE INDEX hook_delivery_due ON hook_delivery (state, next_at_epoch);
        CREATE TABLE hook_cursor (id integer PRIMARY KEY CHECK (id = 1), notice_id bigint NOT NULL);

        CREATE TABLE early_warning (
            id text PRIMARY KEY,
            kind text NOT NULL,
            category text,
            start_day integer NOT NULL,
            end_day integer NOT NULL,
            observed integer NOT NULL,
            expected double precision,
            p_value double precision,
            recurrence_days double precision,
            radius_m double precision,
            lon double precision NOT NULL,
            lat double precision NOT NULL,
            outline text NOT NULL,
            grids text NOT NULL,
            units text NOT NULL,
            building text,
            meter text,
            petitions text NOT NULL,
            status text NOT NULL,
            summary text NOT NULL
        );
        CREATE INDEX early_warning_days ON early_warning (end_day, kind);
        CREATE TABLE early_warning_event (
            id bigserial PRIMARY KEY,
            warning_id text NOT NULL REFERENCES early_warning(id),
            at text NOT NULL,
            actor text NOT NULL,
            status text NOT NULL,
            note text
        );
        CREATE TABLE warning_scan (day integer PRIMARY KEY, at text NOT NULL);
        CREATE TABLE meter_reading (
            building_id text NOT NULL,
            meter text NOT NULL,
            kind text NOT NULL,
            day integer NOT NULL,
            value double precision NOT NULL,
            PRIMARY KEY (building_id, meter, kind, day)
        );
        """,
        // 3: what every server must share besides rows: the contact key, and attachments' bytes.
        """
        CREATE TABLE wangge_secret (name text PRIMARY KEY, value bytea NOT NULL);
        CREATE TABLE blob (id text PRIMARY KEY, bytes bytea NOT NULL);
        """,
        // 4: JSON kept as the text written (a copy between stores compares it byte for byte).
        """
        ALTER TABLE person ALTER COLUMN tags DROP DEFAULT, ALTER COLUMN tags TYPE text USING tags::text, ALTER COLUMN tags SET DEFAULT '[]';
        ALTER TABLE category ALTER COLUMN resolve_by_kind DROP DEFAULT, ALTER COLUMN resolve_by_kind TYPE text USING resolve_by_kind::text,
            ALTER COLUMN resolve_by_kind SET DEFAULT '{}';
        ALTER TABLE category ALTER COLUMN difficulty_tiers DROP DEFAULT, ALTER COLUMN difficulty_tiers TYPE text USING difficulty_tiers::text,
            ALTER COLUMN difficulty_tiers SET DEFAULT '[]';
        """,
        // 5: every statement that changes what servers cache announces its table on the change
        // channel (`PostgresChangeListener`); delivered at commit, once per table and transaction.
        """
        CREATE FUNCTION wangge_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('\(PostgresChangeListener.channel)', TG_TABLE_NAME);
            RETURN NULL;
        END $$;
        \(["import_log", "api_token", "user_account", "petition", "petition_event"].map { table in
            "CREATE TRIGGER \(table)_announced AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION wangge_announce_change();"
        }.joined(separator: "\n"))
        """,
        // 6: attachments' bytes a part (1 MiB, `BlobParts.size`) per row, so that neither an upload
        // nor a download holds a whole file; the blobs stored whole before are cut into parts.
        """
        CREATE TABLE blob_part (id text NOT NULL, part integer NOT NULL, bytes bytea NOT NULL, PRIMARY KEY (id, part));
        INSERT INTO blob_part(id, part, bytes)
            SELECT id, n, substring(bytes FROM n * \(BlobParts.size) + 1 FOR \(BlobParts.size))
            FROM blob, generate_series(0, greatest(octet_length(bytes) - 1, 0) / \(BlobParts.size)) AS n;
        DROP TABLE blob;
        """,
        // 7: when each open case next needs a deadline warning (`Petition.nextWarningAt`), by
        // index, as in the SQLite store; open cases start due and the first round sets each.
        """
        ALTER TABLE petition ADD COLUMN warn_at_epoch bigint;
        UPDATE petition SET warn_at_epoch = received_epoch WHERE status NOT IN (\(PetitionRecord.closedStatusList));
        CREATE INDEX petition_warn_at ON petition (warn_at_epoch) WHERE warn_at_epoch IS NOT NULL;
        """,
    ]

    static var latest: Int { all.count }
}
