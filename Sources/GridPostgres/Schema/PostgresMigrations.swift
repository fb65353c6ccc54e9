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
    ]

    static var latest: Int { all.count }
}
